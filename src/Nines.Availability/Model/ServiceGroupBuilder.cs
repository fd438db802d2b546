using Nines.Domain.Scenarios;

namespace Nines.Availability.Model;

/// <summary>
/// Builds the initial <see cref="ServiceGroup"/> of a scenario's redundancy group, from the spec and where the
/// planner put each member. The native format names no service instances yet, so they follow from the model:
/// 2N and N-way-active protect one instance named after the group; N+M protects N instances
/// (<c>group-1</c> … <c>group-N</c>); no-redundancy gives every member its own instance.
/// </summary>
public static class ServiceGroupBuilder
{
    /// <summary>
    /// The group of <paramref name="spec"/> with no assignments yet (the redundancy policy makes them). Members
    /// are ranked by <see cref="RedundancyGroupSpec.PreferredHosts"/> (members on an earlier preferred host
    /// first), then by their order in the spec. Throws <see cref="ArgumentException"/> naming the field when a
    /// member has no host in <paramref name="hostOf"/> or the numbers do not fit the model.
    /// </summary>
    public static ServiceGroup FromSpec(
        RedundancyGroupSpec spec,
        IReadOnlyDictionary<string, string> hostOf,
        Func<string, UnitKind>? kindOf = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(hostOf);
        var errors = new List<string>();
        foreach (var member in spec.Members.Where(m => !hostOf.ContainsKey(m)))
        {
            errors.Add($"redundancyGroups[{spec.Name}].members: '{member}' has no host in the plan");
        }

        var (actives, standbys) = Numbers(spec, errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(spec));
        }

        var preferred = spec.PreferredHosts.ToList();
        var units = spec.Members
            .Select((name, index) => (name, index, host: hostOf[name]))
            .OrderBy(m => preferred.IndexOf(m.host) is var p && p >= 0 ? p : int.MaxValue)
            .ThenBy(m => m.index)
            .Select((m, rank) => new ServiceUnit(m.name, m.host, rank, kindOf?.Invoke(m.name) ?? UnitKind.Vm))
            .OrderBy(u => spec.Members.ToList().IndexOf(u.Name));
        return new ServiceGroup(spec.Name, spec.Model, actives, standbys, [.. units], [.. InstancesOf(spec, actives)]);
    }

    private static (int Actives, int Standbys) Numbers(RedundancyGroupSpec spec, List<string> errors)
    {
        var members = spec.Members.Count;
        switch (spec.Model)
        {
            case RedundancyModel.TwoN:
                if (members < 2)
                {
                    errors.Add($"redundancyGroups[{spec.Name}].members: 2N needs 2 members, found {members}");
                }

                return (1, 1);
            case RedundancyModel.NPlusM:
                var n = spec.Actives ?? 1;
                var m = spec.Standbys ?? 1;
                if (n < 1 || m < 0)
                {
                    errors.Add($"redundancyGroups[{spec.Name}].actives/standbys: N must be at least 1 and M at least 0, found {n}+{m}");
                }
                else if (members < n + m)
                {
                    errors.Add($"redundancyGroups[{spec.Name}].members: N+M = {n}+{m} needs {n + m} members, found {members}");
                }

                return (n, m);
            case RedundancyModel.NWayActive:
                return (members, 0);
            default:
                return (members, 0);
        }
    }

    private static IEnumerable<ServiceInstance> InstancesOf(RedundancyGroupSpec spec, int actives) => spec.Model switch
    {
        RedundancyModel.NPlusM => Enumerable.Range(1, actives).Select(i => new ServiceInstance($"{spec.Name}-{i}", i - 1)),
        RedundancyModel.None => spec.Members.Select((m, i) => new ServiceInstance($"{spec.Name}-{m}", i)),
        _ => [new ServiceInstance(spec.Name)],
    };
}
