namespace Nines.Api.Contracts;

/// <summary>A deploy, undeploy or exec was accepted: follow <paramref name="OperationId"/> (also the <c>Location</c>).</summary>
public sealed record OperationAccepted(string Tenant, string Deployment, long Generation, string OperationId, IReadOnlyList<string> Warnings);
