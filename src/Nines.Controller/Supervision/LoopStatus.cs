namespace Nines.Controller.Supervision;

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
