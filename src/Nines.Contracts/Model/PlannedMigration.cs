namespace Nines.Contracts.Model;

/// <summary>A live migration in flight: from the VM's placement to <paramref name="To"/>, tracked by <paramref name="OperationId"/>.</summary>
public sealed record PlannedMigration(string From, string To, string OperationId);
