namespace Nines.ControlPlane.Model;

/// <summary>Whether an event is routine or needs attention.</summary>
public enum EventSeverity
{
    Normal,
    Warning,
}

/// <summary>
/// A user-visible event at <c>/nines/events/&lt;sequence&gt;</c>. The sequence is a zero-padded counter (a key cannot
/// hold the revision its own write creates), so key order is the order events were recorded in.
/// </summary>
/// <param name="Sequence">20 digits, zero-padded: sorts as text.</param>
/// <param name="Kind">What happened (<c>Planned</c>, <c>VmStarted</c>, <c>DeployCompleted</c>…).</param>
/// <param name="Subject">What it happened to: <c>tenant/name</c> or <c>tenant/name/vm</c>.</param>
/// <param name="Reason">A short machine-readable reason (a diagnostic code, an error code), or null.</param>
public sealed record EventRecord(
    string Sequence,
    DateTimeOffset Time,
    EventSeverity Severity,
    string Kind,
    string Subject,
    string? Reason,
    string Message)
{
    /// <summary>The tenant of the subject (its first segment).</summary>
    public string Tenant => Subject.Split('/')[0];
}
