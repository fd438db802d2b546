namespace Nines.Controller.Supervision;

/// <summary>Where a supervised loop is.</summary>
public enum LoopState
{
    /// <summary>Running its body.</summary>
    Running,

    /// <summary>Its body failed or exited unexpectedly; it starts again after a backoff.</summary>
    Restarting,

    /// <summary>Stopped on purpose (shutdown, the end of a controller's term).</summary>
    Stopped,

    /// <summary>Failed with an error nothing can recover from in this process (the store is gone for good).</summary>
    Failed,
}

/// <summary>One supervised loop as the registry sees it.</summary>
/// <param name="Name">The loop's name (<c>deployments/worker-1</c>, <c>availability</c>, <c>controller/term</c>…).</param>
/// <param name="State">Where it is.</param>
/// <param name="Restarts">How often it was restarted since the process started.</param>
/// <param name="LastError">
/// The last failure's kind only (the exception type, or <c>exited</c>): safe to show anonymously, it names no tenant.
/// </param>
/// <param name="LastErrorDetail">The last failure's full message (for logs and administrators, never for anonymous readers).</param>
/// <param name="LastErrorAt">When it last failed.</param>
/// <param name="Since">When it entered <paramref name="State"/>.</param>
public sealed record LoopStatus(
    string Name,
    LoopState State,
    int Restarts,
    string? LastError,
    string? LastErrorDetail,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset Since)
{
    /// <summary>True while the loop is not doing its work although nobody asked it to stop.</summary>
    public bool IsDown => State is LoopState.Restarting or LoopState.Failed;
}
