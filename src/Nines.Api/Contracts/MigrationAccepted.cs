namespace Nines.Api.Contracts;

/// <summary>A live migration accepted: follow <see cref="OperationId"/> (its <c>migration</c> member has the progress).</summary>
public sealed record MigrationAccepted(string Tenant, string Deployment, string Vm, string From, string To, string OperationId);
