using Nines.Bench.Raw;
using Nines.Drivers;
using Nines.Drivers.Fake;
using Nines.Drivers.Qemu;
using Nines.Images;

namespace Nines.Bench.Boot;

/// <summary>
/// The driver the benchmark measures, and the exact QEMU command line that driver launches (so the raw half runs the
/// very same arguments). Everything else works on the <see cref="IVmDriver"/> contract.
/// </summary>
internal static class DriverPlug
{
    public static async Task<IVmDriver> CreateDriverAsync(BenchSettings settings, string accelerator, CancellationToken cancellationToken) =>
        settings.Driver switch
        {
            // Fake guests are ready at once: this checks the benchmark's own plumbing, its figures mean nothing.
            "fake" => new FakeDriver(TimeProvider.System),
            _ => await QemuDriverFactory.CreateAsync(Options(settings, accelerator), cancellationToken).ConfigureAwait(false),
        };

    /// <summary>Settles the accelerator the way the driver does (a real probe boot; never assumes KVM).</summary>
    public static async Task<string> ChooseAcceleratorAsync(BenchSettings settings, GuestImage image, TextWriter log, CancellationToken cancellationToken)
    {
        if (settings.Accelerator != "auto")
        {
            return settings.Accelerator;
        }

        var options = Options(settings, accelerator: null) with
        {
            ProbeGuest = new AcceleratorProbeGuest(image.KernelPath, image.InitrdPath, image.KernelCommandLine),
        };
        var verdict = await QemuDriverFactory.ProbeAcceleratorAsync(options, cancellationToken).ConfigureAwait(false);
        log.WriteLine($"accelerator: {verdict.Accelerator} ({verdict.Reason}{(verdict.FromCache ? ", cached" : string.Empty)})");
        return verdict.Accelerator;
    }

    /// <summary>The QEMU arguments (without the program) and console log for <paramref name="definition"/>, exactly as the driver launches it.</summary>
    public static RawLaunch RawLaunchFor(VmDefinition definition, string accelerator)
    {
        var launch = QemuDriverFactory.DescribeLaunch(definition, accelerator, definition.RunDirectory!);

        // The driver makes the VM's qemu/ directory (sockets, pid file) before it launches; a raw launch needs it too.
        Directory.CreateDirectory(Path.Combine(definition.RunDirectory!, "qemu"));
        return new RawLaunch(launch.Arguments, launch.ConsoleLogPath);
    }

    private static QemuDriverOptions Options(BenchSettings settings, string? accelerator) => new()
    {
        StateDirectory = Path.Combine(settings.WorkDirectory, "state"),
        MaxConcurrentBoots = settings.BootConcurrency,
        BootTimeout = settings.ReadyTimeout,
        Accelerator = accelerator,
    };
}
