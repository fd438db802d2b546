using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Availability.Model;

/// <summary>
/// A snapshot of one service group: its units, the service instances it protects, who holds which instance
/// in which HA state, and the redundancy model's numbers. Immutable: the engine makes a new one per change.
/// </summary>
/// <param name="ActiveUnits">N: how many units serve (2N: 1; N+M: N; no-redundancy: one per instance).</param>
/// <param name="StandbyUnits">M: how many units stand by (2N: 1; N-way-active and no-redundancy: 0).</param>
/// <param name="FailedHosts">Hosts given up by a host-level failover: nothing is placed there again.</param>
/// <param name="PendingInstantiations">Units asked for and not yet ready, so a policy does not ask twice.</param>
/// <param name="SpreadOverHosts">
/// Anti-affinity (the default): a standby never shares a host with an active of its instance. False when the
/// deployment put the members on one host (one machine, no hard anti-affinity rule): they may then back each other up
/// there, against a unit's failure but not the host's.
/// </param>
public sealed record ServiceGroup(
    string Name,
    RedundancyModel Model,
    int ActiveUnits,
    int StandbyUnits,
    ValueList<ServiceUnit> Units,
    ValueList<ServiceInstance> Instances,
    ValueList<Assignment> Assignments = default,
    ValueList<string> FailedHosts = default,
    int PendingInstantiations = 0,
    bool SpreadOverHosts = true)
{
    /// <summary>The unit called <paramref name="name"/>, or null.</summary>
    public ServiceUnit? FindUnit(string name) => Units.FirstOrDefault(u => u.Name == name);

    /// <summary>The assignments of one unit.</summary>
    public IEnumerable<Assignment> AssignmentsOf(string unit) => Assignments.Where(a => a.Unit == unit);

    /// <summary>The assignments of one service instance.</summary>
    public IEnumerable<Assignment> AssignmentsFor(string instance) => Assignments.Where(a => a.Instance == instance);

    /// <summary>The units that still count as members (not terminated), in preference order.</summary>
    public IEnumerable<ServiceUnit> LiveUnits =>
        Units.Where(u => u.Presence != UnitPresence.Terminated).OrderBy(u => u.Rank).ThenBy(u => u.Name, StringComparer.Ordinal);

    /// <summary>The group with <paramref name="unit"/> replacing the unit of the same name (or added).</summary>
    public ServiceGroup WithUnit(ServiceUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var others = Units.Where(u => u.Name != unit.Name);
        return this with { Units = [.. others, unit] };
    }
}
