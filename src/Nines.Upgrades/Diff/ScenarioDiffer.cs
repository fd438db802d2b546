using Nines.Domain;
using Nines.Domain.Scenarios;
using Nines.Upgrades.Revisions;

namespace Nines.Upgrades.Diff;

/// <summary>
/// Compares two revisions of a scenario (pure). VMs, networks and groups are matched by name; a VM is compared as it
/// runs (<see cref="Scenario.Effective"/>), so a change of <c>defaults</c> shows on the VMs that inherit it.
/// </summary>
public static partial class ScenarioDiffer
{
    /// <summary>The difference from <paramref name="from"/> (what runs) to <paramref name="to"/> (what was asked for).</summary>
    public static ScenarioDiff Compare(Scenario from, Scenario to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return new ScenarioDiff(
            ScenarioDigest.Compute(from),
            ScenarioDigest.Compute(to),
            CompareVms(from, to),
            Matched(from.Networks, to.Networks, n => n.Name, (a, b) => new NetworkDiff(a?.Name ?? b!.Name, Kind(a, b), a is null || b is null ? [] : NetworkFields(a, b))),
            Matched(from.RedundancyGroups, to.RedundancyGroups, g => g.Name, (a, b) => new GroupDiff(a?.Name ?? b!.Name, Kind(a, b), a is null || b is null ? [] : GroupFields(a, b))),
            ScenarioFields(from, to));
    }

    /// <summary>The redundancy group <paramref name="vm"/> is a member of in <paramref name="scenario"/>, or null.</summary>
    public static RedundancyGroupSpec? GroupOf(Scenario scenario, string vm)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.RedundancyGroups.FirstOrDefault(g => g.Members.Contains(vm, StringComparer.Ordinal));
    }

    private static DiffKind Kind(object? from, object? to) => from is null ? DiffKind.Added : to is null ? DiffKind.Removed : DiffKind.Changed;

    /// <summary>Pairs items by name: the new list's order, then removed ones in the old order; equal pairs are left out.</summary>
    private static ValueList<TDiff> Matched<T, TDiff>(ValueList<T> from, ValueList<T> to, Func<T, string> name, Func<T?, T?, TDiff> diff)
        where T : class
    {
        var old = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in from)
        {
            old.TryAdd(name(item), item);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<TDiff>();
        foreach (var item in to)
        {
            if (!seen.Add(name(item)))
            {
                continue;
            }

            var before = old.GetValueOrDefault(name(item));
            if (!Equals(before, item))
            {
                result.Add(diff(before, item));
            }
        }

        result.AddRange(from.Where(item => seen.Add(name(item))).Select(item => diff(item, null)));
        return result;
    }

    private static ValueList<FieldChange> NetworkFields(NetworkSpec a, NetworkSpec b)
    {
        const string Reason = "the network is re-applied on every host that carries it";
        var fields = new FieldList();
        fields.Add("mode", a.Mode, b.Mode, restart: false, Reason);
        fields.Add("type", a.Type, b.Type, restart: false, Reason);
        fields.Add("vlan", a.Vlan, b.Vlan, restart: false, Reason);
        fields.Add("external", a.External, b.External, restart: false, Reason);
        fields.Add("bandwidth", a.Bandwidth, b.Bandwidth, restart: false, Reason);
        fields.Add("socket", a.Socket, b.Socket, restart: false, Reason);
        fields.Add("hub", a.Hub, b.Hub, restart: false, Reason);
        fields.Add("shared", a.Shared, b.Shared, restart: false, Reason);
        return fields.ToList();
    }

    private static ValueList<FieldChange> GroupFields(RedundancyGroupSpec a, RedundancyGroupSpec b)
    {
        const string Reason = "the availability manager rebuilds the group";
        var fields = new FieldList();
        fields.Add("model", a.Model, b.Model, restart: false, Reason, DiffValues.Model);
        fields.Add("members", a.Members, b.Members, restart: false, Reason, DiffValues.Names);
        fields.Add("actives", a.Actives, b.Actives, restart: false, Reason);
        fields.Add("standbys", a.Standbys, b.Standbys, restart: false, Reason);
        fields.Add("preferred_hosts", a.PreferredHosts, b.PreferredHosts, restart: false, Reason, DiffValues.Names);
        return fields.ToList();
    }

    private static ValueList<FieldChange> ScenarioFields(Scenario a, Scenario b)
    {
        var fields = new FieldList();
        fields.Add("name", a.Name, b.Name, restart: false, "the scenario's own name");
        fields.Add("version", a.Version, b.Version, restart: false, "the language version the file declared");
        fields.Add("tenant", a.Tenant, b.Tenant, restart: false, "the owning tenant");
        fields.Add("automac", a.AutoMac?.Offset, b.AutoMac?.Offset, restart: false, "MACs derive from it; VMs whose MACs change show as changed interfaces");
        fields.Add("management", a.ManagementNetwork, b.ManagementNetwork, restart: false, "the management network is re-applied");
        fields.Add("host", a.Host, b.Host, restart: false, "the host's own interfaces, routes and commands are re-applied", DiffValues.Host);
        fields.Add("placement", a.PlacementRules, b.PlacementRules, restart: false, "the planner places new and moved VMs by it; running VMs stay", DiffValues.Rules);
        return fields.ToList();
    }
}
