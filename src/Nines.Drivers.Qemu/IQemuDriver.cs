namespace Nines.Drivers.Qemu;

/// <summary>A QEMU driver: the contract plus what it found out about the host.</summary>
public interface IQemuDriver : IVmDriver
{
    /// <summary>The accelerator every VM of this driver runs with, and why.</summary>
    AcceleratorVerdict Accelerator { get; }

    /// <summary>Where the driver keeps run directories.</summary>
    string StateDirectory { get; }
}
