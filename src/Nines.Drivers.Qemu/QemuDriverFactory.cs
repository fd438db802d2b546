using Nines.Drivers.Qemu.Accelerator;
using Nines.Drivers.Qemu.Processes;

namespace Nines.Drivers.Qemu;

/// <summary>Creates QEMU drivers for other assemblies (CLI, agent, benchmark); the driver type itself is internal.</summary>
public static class QemuDriverFactory
{
    /// <summary>
    /// Creates the state directory, settles the accelerator (a cached verdict, or a real probe boot with KVM when
    /// <c>/dev/kvm</c> opens, else TCG) and returns a driver. Call <see cref="IVmDriver.ReattachAsync"/> next to take
    /// over VMs a previous manager left running.
    /// </summary>
    public static async Task<IQemuDriver> CreateAsync(QemuDriverOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentBoots, 1);
        var stateDirectory = Path.GetFullPath(options.StateDirectory ?? QemuDriverOptions.DefaultStateDirectory());
        Directory.CreateDirectory(stateDirectory);
        var verdict = options.Accelerator is { } forced
            ? new AcceleratorVerdict(forced, "set in the driver options", FromCache: false, TimeSpan.Zero)
            : await new AcceleratorProbe(options, stateDirectory).DecideAsync(cancellationToken).ConfigureAwait(false);
        return new QemuDriver(options, stateDirectory, verdict);
    }

    /// <summary>Settles the accelerator as <see cref="CreateAsync"/> does, without creating a driver.</summary>
    public static Task<AcceleratorVerdict> ProbeAcceleratorAsync(QemuDriverOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stateDirectory = Path.GetFullPath(options.StateDirectory ?? QemuDriverOptions.DefaultStateDirectory());
        Directory.CreateDirectory(stateDirectory);
        return new AcceleratorProbe(options, stateDirectory).DecideAsync(cancellationToken);
    }

    /// <summary>
    /// The exact QEMU arguments the driver launches <paramref name="definition"/> with in
    /// <paramref name="runDirectory"/>: for benchmarks that compare the driver with raw QEMU, and for debugging.
    /// </summary>
    public static QemuLaunch DescribeLaunch(VmDefinition definition, string accelerator, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var run = new QemuRunDirectory(Path.GetFullPath(runDirectory));
        return new QemuLaunch(QemuCommandLine.Build(definition, accelerator, run), run.ConsoleLog);
    }
}
