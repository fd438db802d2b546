using Nines.Drivers.Qemu.Accelerator;

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
}

/// <summary>A QEMU driver: the contract plus what it found out about the host.</summary>
public interface IQemuDriver : IVmDriver
{
    /// <summary>The accelerator every VM of this driver runs with, and why.</summary>
    AcceleratorVerdict Accelerator { get; }

    /// <summary>Where the driver keeps run directories.</summary>
    string StateDirectory { get; }
}

/// <summary>The accelerator chosen for this host, why, whether it came from the cache, and how long the probe took.</summary>
public sealed record AcceleratorVerdict(string Accelerator, string Reason, bool FromCache, TimeSpan ProbeDuration);
