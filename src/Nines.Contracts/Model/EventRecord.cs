namespace Nines.Contracts.Model;

/// <summary>
/// A user-visible event at <c>/nines/events/&lt;log&gt;/&lt;sequence&gt;</c>, in its tenant's log (or the system log for
/// hosts, fencing and the controller). The sequence is a zero-padded counter shared by all logs (a key cannot hold the
/// revision its own write creates), so sequence order is the order events were recorded in.
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
    /// <summary>The tenant whose log holds the event; null for the system log (hosts, fencing, the controller), which only admins see.</summary>
    public string? Tenant { get; init; }
}
