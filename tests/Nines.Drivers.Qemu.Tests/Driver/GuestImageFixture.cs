using System.Diagnostics;
using Nines.Drivers.Qemu.Tests.Fakes;
using Nines.Images;
using Nines.Testing;

namespace Nines.Drivers.Qemu.Tests.Driver;

/// <summary>
/// Shared by every test that boots a real guest: builds (or finds cached) the guest image, settles the
/// accelerator once with the real probe, and at the end checks that no QEMU of this run is left.
/// All such tests are in one collection, so at most one test boots guests at a time.
/// </summary>
public sealed class GuestImageFixture : IAsyncLifetime
{
    /// <summary>Why real-guest tests cannot run here, or null when they can.</summary>
    public static string? SkipReason { get; } = TestRequirements.SkipReason(
        QemuBinary.Location is null ? "qemu-system-x86_64 is not on PATH (eng/require.sh installs qemu-system-x86)"
        : !OnPath("apt-get") ? "apt-get is not available to download the guest image's packages"
        : null);

    public GuestImage Image { get; private set; } = null!;

    public AcceleratorVerdict Accelerator { get; private set; } = null!;

    /// <summary>The probe's first verdict (not from the cache) and the cached one read back.</summary>
    public (AcceleratorVerdict First, AcceleratorVerdict Cached) Probe { get; private set; }

    /// <summary>Root of every state directory the tests create (short: socket paths are limited to 108 bytes).</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("nq-").FullName;

    public AcceleratorProbeGuest ProbeGuest => new(Image.KernelPath, Image.InitrdPath, Image.KernelCommandLine);

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        Image = await new GuestImageBuilder(TimeProvider.System).BuildAsync(new GuestImageOptions(), null, CancellationToken.None);
        var options = new QemuDriverOptions { StateDirectory = Path.Combine(Root, "probe"), ProbeGuest = ProbeGuest };
        var first = await QemuDriverFactory.ProbeAcceleratorAsync(options, CancellationToken.None);
        var cached = await QemuDriverFactory.ProbeAcceleratorAsync(options, CancellationToken.None);
        Probe = (first, cached);
        Accelerator = first;
    }

    /// <summary>Options for a driver on a new state directory, with the probed accelerator and fast heartbeats.</summary>
    public QemuDriverOptions Options(string name) => new()
    {
        StateDirectory = Path.Combine(Root, name),
        Accelerator = Accelerator.Accelerator,
        ProbeGuest = ProbeGuest,
    };

    public VmDefinition Guest(string id, WatchdogDefinition? watchdog = null, bool guestAgent = true) => new(
        id,
        id,
        128,
        1,
        new BootSource(Image.KernelPath, Image.InitrdPath, Image.KernelCommandLine),
        [new NicDefinition(1, "fe:fd:00:00:01:01", "net0")],
        watchdog,
        guestAgent);

    public Task DisposeAsync()
    {
        var leftovers = LiveQemuProcesses();
        foreach (var pid in leftovers)
        {
            Process.GetProcessById(pid).Kill();
        }

        Directory.Delete(Root, recursive: true);
        leftovers.ShouldBeEmpty("QEMU processes left behind by the tests");
        return Task.CompletedTask;
    }

    /// <summary>Live (non-zombie) QEMU processes whose arguments point into this run's directories.</summary>
    public IReadOnlyList<int> LiveQemuProcesses() =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId)
            .Where(pid =>
            {
                try
                {
                    var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
                    return cmdline.Contains("qemu-system", StringComparison.Ordinal) && cmdline.Contains(Root, StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
            })];

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, program)));
}

[CollectionDefinition(Name)]
public sealed class RealGuestCollection : ICollectionFixture<GuestImageFixture>
{
    public const string Name = "real guests";
}

/// <summary>A fact that needs QEMU and the guest image (built by the fixture); skipped with the missing piece named.</summary>
public sealed class RealGuestFactAttribute : FactAttribute
{
    public RealGuestFactAttribute()
    {
        if (GuestImageFixture.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
