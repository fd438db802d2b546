namespace Nines.Drivers;

/// <summary>The outcome of <see cref="IVmDriver.ShutdownAsync"/>: which method stopped the VM and how long it took.</summary>
public sealed record ShutdownResult(VmStatus Status, ShutdownMethod Method, TimeSpan Elapsed)
{
    public bool Forced => Method == ShutdownMethod.Forced;
}
