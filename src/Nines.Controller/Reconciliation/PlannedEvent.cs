using Nines.Contracts.Model;

namespace Nines.Controller.Reconciliation;

/// <summary>An event to append to the log.</summary>
internal sealed record PlannedEvent(EventSeverity Severity, string Kind, string Subject, string? Reason, string Message);
