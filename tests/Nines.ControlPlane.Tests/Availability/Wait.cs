namespace Nines.ControlPlane.Tests.Availability;

internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/>; on cancellation fails with <paramref name="describe"/>'s account of what happened.</summary>
    public static async Task UntilAsync(Func<bool> condition, CancellationToken ct, Func<string>? describe = null)
    {
        while (!condition())
        {
            if (ct.IsCancellationRequested)
            {
                throw new TimeoutException("condition not met\n" + describe?.Invoke());
            }

            await Task.Delay(5, CancellationToken.None);
        }
    }

    public static async Task<T> ForAsync<T>(Func<T?> value, CancellationToken ct)
        where T : class
    {
        T? result = null;
        await UntilAsync(() => (result = value()) is not null, ct);
        return result!;
    }
}
