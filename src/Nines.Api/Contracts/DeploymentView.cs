using Nines.Contracts.Model;

namespace Nines.Api.Contracts;

/// <summary>One deployment: what was asked (spec) and what the controller last observed (status).</summary>
/// <param name="Placements">VM → host of the committed plan (empty until planned).</param>
public sealed record DeploymentView(
    string Tenant,
    string Name,
    string Scenario,
    long Generation,
    bool Deleted,
    string? Algorithm,
    IReadOnlyDictionary<string, string> Placements,
    string? OperationId,
    DeploymentStatus? Status);
