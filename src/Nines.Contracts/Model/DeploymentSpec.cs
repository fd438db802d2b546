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

/// <summary>
/// A placement the controller committed with a compare-on-revision check: which host runs each VM and the VLANs
/// of networks that span hosts. Kept as plain maps (not the scheduler's types) so its JSON stays stable.
/// </summary>
/// <param name="Generation">The spec generation it was made for.</param>
/// <param name="Placements">VM name → host name.</param>
/// <param name="Vlans">Network name → cross-host VLAN id (empty on one host).</param>
/// <param name="Warnings">Planner and mapping warnings, one line each (<c>Diagnostic.ToString()</c>).</param>
/// <param name="Migrations">
/// VM name → the live migration in flight: while it runs the VM stays placed on its source and is also in the target's
/// desired set as incoming (networks there, never started by convergence). Null or empty when none.
/// </param>
public sealed record CommittedPlan(
    long Generation,
    string Algorithm,
    IReadOnlyDictionary<string, string> Placements,
    IReadOnlyDictionary<string, int> Vlans,
    IReadOnlyList<string> Warnings,
    DateTimeOffset CommittedAt,
    IReadOnlyDictionary<string, PlannedMigration>? Migrations = null)
{
    /// <summary>The hosts that run at least one VM, in name order.</summary>
    public IEnumerable<string> Hosts => Placements.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>The plan hosts and the targets of migrations in flight, in name order.</summary>
    public IEnumerable<string> HostsWithMigrations =>
        Placements.Values.Concat((Migrations ?? new Dictionary<string, PlannedMigration>()).Values.Select(m => m.To)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
}

/// <summary>A live migration in flight: from the VM's placement to <paramref name="To"/>, tracked by <paramref name="OperationId"/>.</summary>
public sealed record PlannedMigration(string From, string To, string OperationId);
