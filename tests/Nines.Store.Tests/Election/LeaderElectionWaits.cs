namespace Nines.Store.Tests.Election;

/// <summary>Real-time polling for election tests: the campaign runs on its own tasks.</summary>
internal static class LeaderElectionWaits
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static Task EventuallyAsync(Func<bool> condition, string because) =>
        EventuallyAsync(() => Task.FromResult(condition()), because);

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string because)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new ShouldAssertException($"timed out waiting until {because}");
            }

            await Task.Delay(10);
        }
    }
}
