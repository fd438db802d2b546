namespace Nines.Contracts.AgentWire;

/// <summary>The body of <c>POST /agent/v1/vms/{vmId}/migration</c>: send the VM to <paramref name="Destination"/>.</summary>
public sealed record OutgoingMigrationRequest(Nines.Drivers.Migration.MigrationEndpoint Destination, Nines.Drivers.Migration.MigrationPolicy Policy);
