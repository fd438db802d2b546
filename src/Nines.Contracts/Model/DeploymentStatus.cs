namespace Nines.Contracts.Model;

/// <summary>
/// Observed summary of one deployment, written by the controller at <c>/nines/deployments/&lt;tenant&gt;/&lt;name&gt;/status</c>.
/// </summary>
/// <param name="Vms">VM name → what its host last reported.</param>
/// <param name="Conditions">Why the phase is what it is (errors, warnings), newest state only.</param>
/// <param name="ObservedGeneration">The spec generation this status describes.</param>
/// <param name="OperationId">The operation tracking the work for <paramref name="ObservedGeneration"/>.</param>
public sealed record DeploymentStatus(
    DeploymentPhase Phase,
    IReadOnlyDictionary<string, VmSummary> Vms,
    IReadOnlyList<DeploymentCondition> Conditions,
    long ObservedGeneration,
    string? OperationId,
    DateTimeOffset UpdatedAt);
