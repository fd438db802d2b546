namespace Nines.Domain.Scenarios;

/// <summary>
/// A whole scenario: the networks, the virtual machines on them and the host's own part, as the user
/// wrote it (desired state, nothing observed). VNUML, native YAML and OVF files all read into this.
/// </summary>
/// <param name="Name">VNUML <c>simulation_name</c> (1.8) or <c>scenario_name</c> (1.91), or the native name.</param>
/// <param name="Version">The language version the file declared (VNUML <c>&lt;version&gt;</c>), if any.</param>
/// <param name="Tenant">The tenant owning the scenario (native only).</param>
/// <param name="AutoMac">When set, interfaces without a MAC get a deterministic one (VNUML <c>&lt;automac offset&gt;</c>).</param>
/// <param name="ManagementNetwork">VNUML <c>vm_mgmt type</c>: <c>none</c>, <c>private</c> or <c>net</c>.</param>
/// <param name="Defaults">Values every VM inherits unless it sets its own (VNUML <c>vm_defaults</c>).</param>
/// <param name="Networks">The virtual networks, in document order.</param>
/// <param name="Vms">The virtual machines, in document order (the order EDIV's round robin uses).</param>
/// <param name="Host">The host's own interfaces, routes and commands (VNUML <c>&lt;host&gt;</c>).</param>
/// <param name="RedundancyGroups">Groups of VMs protecting a service (native only).</param>
/// <param name="PlacementRules">Hard or soft placement rules (native only; EDIV restrictions come as a separate file).</param>
public sealed record Scenario(
    string Name,
    string? Version = null,
    string? Tenant = null,
    AutoMacSpec? AutoMac = null,
    string? ManagementNetwork = null,
    VmDefaults? Defaults = null,
    ValueList<NetworkSpec> Networks = default,
    ValueList<VmSpec> Vms = default,
    HostSection? Host = null,
    ValueList<RedundancyGroupSpec> RedundancyGroups = default,
    ValueList<PlacementRule> PlacementRules = default)
{
    public NetworkSpec? FindNetwork(string name) => Networks.FirstOrDefault(n => n.Name == name);

    public VmSpec? FindVm(string name) => Vms.FirstOrDefault(v => v.Name == name);

    /// <summary>The VM as it will run: its own values, with <see cref="Defaults"/> filling what it leaves unset.</summary>
    public VmSpec Effective(VmSpec vm) => Defaults is null ? vm : Defaults.ApplyTo(vm);

    /// <summary>Every VM with defaults applied, in document order.</summary>
    public IEnumerable<VmSpec> EffectiveVms => Vms.Select(Effective);
}
