using Nines.Drivers;

namespace Nines.Contracts.AgentWire;

/// <summary>The body of <c>POST /agent/v1/vms/{vmId}/control</c>: one lifecycle operation.</summary>
public sealed record VmControlRequest(VmOperation Operation);
