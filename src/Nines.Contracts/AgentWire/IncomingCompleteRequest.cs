namespace Nines.Contracts.AgentWire;

/// <summary>The body of <c>POST /agent/v1/vms/{vmId}/incoming/complete</c>.</summary>
/// <param name="GuestCheckTimeout">How long the guest agent has to answer here before the migration fails back.</param>
public sealed record IncomingCompleteRequest(TimeSpan GuestCheckTimeout);
