namespace Nines.Controller.Supervision;

/// <summary>A loop that failed: which, why, how often so far, and when it starts again.</summary>
/// <param name="Loop">The loop's name.</param>
/// <param name="Error">The exception, or null when the loop returned although nobody asked it to stop.</param>
/// <param name="Restarts">Restarts so far, this one included.</param>
/// <param name="Delay">How long until it starts again.</param>
public sealed record LoopFailure(string Loop, Exception? Error, int Restarts, TimeSpan Delay)
{
    /// <summary>The failure's kind (exception type, or <c>exited</c>): names no tenant.</summary>
    public string Kind => Error?.GetType().Name ?? "exited";

    /// <summary>The full reason.</summary>
    public string Detail => Error is null ? "the loop returned although it was not asked to stop" : $"{Error.GetType().Name}: {Error.Message}";
}
