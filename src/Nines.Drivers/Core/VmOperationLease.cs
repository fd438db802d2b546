namespace Nines.Drivers.Core;

/// <summary>
/// The right to operate on one VM alone (its <see cref="DriverVm.Operations"/> lock), from
/// <c>DriverCore.BeginOperationAsync</c>; disposing it releases the lock exactly once.
/// </summary>
internal sealed class VmOperationLease<TVm>(TVm vm) : IDisposable
    where TVm : DriverVm
{
    private int _released;

    public TVm Vm { get; } = vm;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Vm.Operations.Release();
        }
    }
}
