namespace Nines.Controller.Reconciliation;

/// <summary>Append an event.</summary>
internal sealed record EmitEvent(PlannedEvent Event) : DeployAction;
