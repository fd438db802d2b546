namespace Nines.Contracts.Model;

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
