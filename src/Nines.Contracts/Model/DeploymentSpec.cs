namespace Nines.Contracts.Model;

/// <summary>
/// Desired state of one deployment, written by the API (and the plan by the controller's commit), stored at
/// <c>/nines/deployments/&lt;tenant&gt;/&lt;name&gt;/spec</c>. The scenario is kept as native YAML text (whatever
/// language it was submitted in) and parsed again on load, so the store holds one stable, readable form.
/// </summary>
/// <param name="ScenarioYaml">The scenario in native YAML (<c>NativeScenarioWriter</c>).</param>
/// <param name="Algorithm">The partitioning algorithm asked for, or null for the cluster's default.</param>
/// <param name="Restrictions">EDIV restrictions text (XML) the placement must follow, or null.</param>
/// <param name="Plan">The committed placement, or null until the controller commits one for <paramref name="Generation"/>.</param>
/// <param name="Generation">Bumped by every change of the desired state (scenario, algorithm, restrictions, deletion).</param>
/// <param name="Deleted">The user asked to undeploy: the desired set on every host is empty.</param>
/// <param name="OperationId">
/// The operation tracking this generation's work, created in the same transaction as the spec write, so the API can
/// hand out its id at once and the controller adopts it instead of creating another.
/// </param>
public sealed record DeploymentSpec(
    string Tenant,
    string Name,
    string ScenarioYaml,
    string? Algorithm,
    string? Restrictions,
    CommittedPlan? Plan,
    long Generation,
    bool Deleted = false,
    string? OperationId = null)
{
    public DeploymentRef Ref => new(Tenant, Name);

    /// <summary>True when <see cref="Plan"/> was made for the current generation.</summary>
    public bool HasCurrentPlan => Plan is not null && Plan.Generation == Generation;
}
