using System.Text;
using Nines.Testing;

namespace Nines.Store.Tests.Contract;

/// <summary>
/// The behaviour every <see cref="IStateStore"/> must have. Each implementation derives a test class that
/// says how to make a store; the facts run against it unchanged. Time moves through
/// <see cref="AdvanceAsync"/>: a fake clock here, real waiting for a server with its own clock (etcd), which
/// is why expiry checks poll with <see cref="EventuallyAsync"/>.
/// </summary>
public abstract partial class StateStoreContract : IAsyncLifetime
{
    /// <summary>Generous bound for anything that should happen at once; only reached when a test fails.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected FakeTimeProvider Clock { get; } = new();

    protected IStateStore Store { get; private set; } = null!;

    /// <summary>A fresh, empty store using <paramref name="time"/> for lease expiry.</summary>
    protected abstract Task<IStateStore> CreateStoreAsync(TimeProvider time);

    /// <summary>Lets <paramref name="by"/> of store time pass.</summary>
    protected virtual Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return Task.CompletedTask;
    }

    public async Task InitializeAsync() => Store = await CreateStoreAsync(Clock);

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    protected static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string because)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new ShouldAssertException($"timed out waiting until {because}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>The next <paramref name="count"/> events of a watch, failing if they do not come in time.</summary>
    protected static async Task<List<WatchEvent>> TakeAsync(IAsyncEnumerator<WatchEvent> watch, int count)
    {
        var events = new List<WatchEvent>();
        for (var i = 0; i < count; i++)
        {
            (await watch.MoveNextAsync().AsTask().WaitAsync(Patience)).ShouldBeTrue();
            events.Add(watch.Current);
        }

        return events;
    }

    /// <summary>
    /// True when the watch yields nothing within a short real-time wait. Cancels the watch (an async
    /// enumerator cannot be disposed while a MoveNext is pending), so it is the last thing a test does with it.
    /// </summary>
    protected static async Task<bool> StaysQuietAsync(IAsyncEnumerator<WatchEvent> watch, CancellationTokenSource cancel)
    {
        var next = watch.MoveNextAsync().AsTask();
        var first = await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(300)));
        await cancel.CancelAsync();
        var error = await Record.ExceptionAsync(() => next.WaitAsync(Patience));
        return first != next && error is OperationCanceledException;
    }
}
