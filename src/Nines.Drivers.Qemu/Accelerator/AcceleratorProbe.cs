using System.Text.Json;

namespace Nines.Drivers.Qemu.Accelerator;

/// <summary>
/// Decides between KVM and TCG by booting a real guest with KVM: a <c>/dev/kvm</c> that opens is not enough
/// (KVM-PVM hosts crash or hang stock kernels). The verdict is cached in the state directory per host kernel and
/// QEMU version, so the probe boot happens once per host upgrade.
/// </summary>
internal sealed class AcceleratorProbe(QemuDriverOptions options, string stateDirectory)
{
    public const string Kvm = "kvm";
    public const string Tcg = "tcg";
    private const string CacheFileName = "accelerator.json";

    public async Task<AcceleratorVerdict> DecideAsync(CancellationToken cancellationToken)
    {
        var kernel = ReadHostKernel();
        var qemu = await QemuVersionAsync(cancellationToken).ConfigureAwait(false);
        var cacheFile = Path.Combine(stateDirectory, CacheFileName);
        if (ReadCache(cacheFile) is { } cached && cached.HostKernel == kernel && cached.QemuVersion == qemu)
        {
            return new AcceleratorVerdict(cached.Accelerator, cached.Reason, FromCache: true, TimeSpan.Zero);
        }

        var started = options.TimeProvider.GetTimestamp();
        var (accelerator, reason) = await ProbeAsync(cancellationToken).ConfigureAwait(false);
        var entry = new CacheEntry(kernel, qemu, accelerator, reason);
        var temporary = cacheFile + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(entry), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, cacheFile, overwrite: true);
        return new AcceleratorVerdict(accelerator, reason, FromCache: false, options.TimeProvider.GetElapsedTime(started));
    }

    private async Task<(string Accelerator, string Reason)> ProbeAsync(CancellationToken cancellationToken)
    {
        if (!CanOpenKvm(out var why))
        {
            return (Tcg, $"/dev/kvm cannot be opened ({why})");
        }

        if (options.ProbeGuest is not { } guest)
        {
            return (Tcg, "no probe guest configured, so KVM could not be proven to boot a guest");
        }

        var directory = Directory.CreateTempSubdirectory("nines-probe-").FullName;
        try
        {
            return await BootWithKvmAsync(guest, directory, cancellationToken).ConfigureAwait(false)
                ? (Kvm, $"a probe guest booted with KVM within {options.ProbeTimeout.TotalSeconds:0.#} s")
                : (Tcg, $"/dev/kvm opens but the probe guest did not boot with KVM within {options.ProbeTimeout.TotalSeconds:0.#} s");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<bool> BootWithKvmAsync(AcceleratorProbeGuest guest, string directory, CancellationToken cancellationToken)
    {
        var console = Path.Combine(directory, "console.log");
        string[] arguments =
        [
            "-machine", "pc", "-accel", Kvm, "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot", "-m", "128",
            "-kernel", guest.KernelPath, "-initrd", guest.InitrdPath, "-append", guest.KernelCommandLine, "-serial", $"file:{console}",
        ];

        // Disposing the handle kills the probe guest when it still runs.
        var process = options.Processes.Start(new ProcessRequest(options.QemuBinary, arguments));
        await using (process.ConfigureAwait(false))
        {
            var deadline = options.TimeProvider.GetTimestamp();
            while (options.TimeProvider.GetElapsedTime(deadline) < options.ProbeTimeout && !process.HasExited)
            {
                if (File.Exists(console) && (await File.ReadAllTextAsync(console, cancellationToken).ConfigureAwait(false)).Contains(options.ConsoleReadyMarker, StringComparison.Ordinal))
                {
                    return true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            return false;
        }
    }

    private static bool CanOpenKvm(out string why)
    {
        try
        {
            using var kvm = new FileStream("/dev/kvm", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
            why = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = e.Message;
            return false;
        }
    }

    private static string ReadHostKernel() =>
        File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.VersionString;

    private async Task<string> QemuVersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var output = await options.Processes.RunAsync(ProcessRequest.Of(options.QemuBinary, "--version"), cancellationToken).ConfigureAwait(false);
            return output.StandardOutput.Split('\n')[0].Trim();
        }
        catch (ProcessStartException e)
        {
            throw new Errors.DriverFailureException(null, $"QEMU (\"{options.QemuBinary}\") cannot be run: {e.Message}", e);
        }
    }

    private static CacheEntry? ReadCache(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<CacheEntry>(File.ReadAllText(path)) : null;
        }
        catch (JsonException)
        {
            return null; // A damaged cache is re-probed.
        }
    }

    private sealed record CacheEntry(string HostKernel, string QemuVersion, string Accelerator, string Reason);
}
