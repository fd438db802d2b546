namespace Nines.Drivers.Qemu;

/// <summary>A slot of the boot limiter, released exactly once (guest ready, boot timeout or process end).</summary>
internal sealed class BootSlot(SemaphoreSlim limiter)
{
    private int _released;

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            limiter.Release();
        }
    }
}
