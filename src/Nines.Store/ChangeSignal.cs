namespace Nines.Store;

/// <summary>
/// Wakes in-process watchers after a commit. Take <see cref="Next"/> before reading, so a commit that lands
/// after the read still completes the task the watcher then waits on.
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource _next = NewSource();

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
