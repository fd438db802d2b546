namespace Nines.Processes.Tests;

/// <summary>Polls a condition with a generous deadline (tests assert outcomes, never durations).</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan deadline)
    {
        using var limit = new CancellationTokenSource(deadline);
        while (!condition())
        {
            if (limit.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return true;
    }
}
