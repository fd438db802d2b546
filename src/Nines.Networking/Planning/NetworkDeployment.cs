using Nines.Domain.Scenarios;

namespace Nines.Networking.Planning;

/// <summary>
/// What one host must carry of one deployed scenario: the input of <see cref="NetworkPlanner"/>.
/// </summary>
/// <param name="ScenarioId">
/// The deployment's unique id (not its name: two deployments of the same file are different scenarios).
/// Every object made for it is labelled with this id.
/// </param>
/// <param name="Scenario">The scenario as written (networks, VMs and their interfaces, the host section).</param>
/// <param name="HostVms">The VMs placed on this host; their interfaces get taps here.</param>
/// <param name="IncludeHostSection">Whether this host realises the scenario's <c>&lt;host&gt;</c> part (host interfaces, routes, forwarding).</param>
/// <param name="CrossHostVlans">
/// VLAN ids the cluster plan gave to networks that span hosts (issue 6); they win over local tags so the
/// same segment has the same tag on every host's trunk.
/// </param>
/// <param name="Map">Where the scenario's objects were written, for diagnostics; optional.</param>
/// <param name="VethVms">The placed VMs that are OS-level instances: their interfaces get veth ports instead of taps.</param>
public sealed record NetworkDeployment(
    string ScenarioId,
    Scenario Scenario,
    IReadOnlyCollection<string> HostVms,
    bool IncludeHostSection,
    IReadOnlyDictionary<string, int>? CrossHostVlans = null,
    SourceMap? Map = null,
    IReadOnlyCollection<string>? VethVms = null);
