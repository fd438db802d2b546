namespace Nines.Contracts.Model;

/// <summary>A named fact about the deployment (<c>Planned</c>, <c>Failed</c>, <c>ImageSubstituted</c>…) and why.</summary>
public sealed record DeploymentCondition(string Type, string Reason, string Message, DateTimeOffset Since);
