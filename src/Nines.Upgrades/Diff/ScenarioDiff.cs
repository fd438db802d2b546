using System.Text.Json.Serialization;
using Nines.Domain;

namespace Nines.Upgrades.Diff;

/// <summary>
/// The difference between two revisions of a scenario (<see cref="ScenarioDiffer.Compare"/>): what a
/// <c>nines deploy</c> onto a running deployment would change, and which changes need a restart.
/// </summary>
/// <param name="FromRevision">The digest of the old revision (<see cref="Revisions.ScenarioDigest"/>).</param>
/// <param name="ToRevision">The digest of the new revision.</param>
/// <param name="Vms">Added, removed and changed VMs, in the new revision's order (removed ones after, in the old order).</param>
/// <param name="Networks">Added, removed and changed networks, in the same order.</param>
/// <param name="Groups">Added, removed and changed redundancy groups.</param>
/// <param name="Scenario">Other scenario-level values that changed (<c>name</c>, <c>tenant</c>, <c>host</c>, <c>placement</c>…).</param>
public sealed record ScenarioDiff(
    string FromRevision,
    string ToRevision,
    ValueList<VmDiff> Vms,
    ValueList<NetworkDiff> Networks,
    ValueList<GroupDiff> Groups,
    ValueList<FieldChange> Scenario)
{
    /// <summary>Both revisions are the same scenario.</summary>
    [JsonIgnore]
    public bool IsEmpty => Vms.IsEmpty && Networks.IsEmpty && Groups.IsEmpty && Scenario.IsEmpty;

    /// <summary>VMs only the new revision has.</summary>
    [JsonIgnore]
    public IEnumerable<VmDiff> AddedVms => Vms.Where(v => v.Kind == DiffKind.Added);

    /// <summary>VMs only the old revision has.</summary>
    [JsonIgnore]
    public IEnumerable<VmDiff> RemovedVms => Vms.Where(v => v.Kind == DiffKind.Removed);

    /// <summary>VMs in both revisions with different values.</summary>
    [JsonIgnore]
    public IEnumerable<VmDiff> ChangedVms => Vms.Where(v => v.Kind == DiffKind.Changed);

    /// <summary>Changed VMs that must restart as an upgrade campaign (members of a redundancy group).</summary>
    [JsonIgnore]
    public IEnumerable<VmDiff> CampaignVms => Vms.Where(v => v.Kind == DiffKind.Changed && v.Restart == VmRestartMode.Campaign);

    /// <summary>Changed VMs whose restart is an outage (in no protecting group): upgraded only when outages are allowed.</summary>
    [JsonIgnore]
    public IEnumerable<VmDiff> OutageVms => Vms.Where(v => v.Kind == DiffKind.Changed && v.Restart == VmRestartMode.Outage);

    /// <summary>Changed VMs whose every change applies without a restart.</summary>
    [JsonIgnore]
    public IEnumerable<VmDiff> LiveVms => Vms.Where(v => v.Kind == DiffKind.Changed && v.Restart == VmRestartMode.Live);
}
