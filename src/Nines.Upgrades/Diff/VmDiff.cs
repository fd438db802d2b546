using System.Text.Json.Serialization;
using Nines.Domain;

namespace Nines.Upgrades.Diff;

/// <summary>
/// A VM that differs between two revisions, compared with the scenario's defaults applied (a change of
/// <c>defaults</c> shows on every VM that inherits it).
/// </summary>
/// <param name="Fields">For <see cref="DiffKind.Changed"/>: every changed value; empty for added and removed VMs.</param>
/// <param name="Group">The redundancy group the VM is a member of (in the new revision; in the old one for a removed VM), or null.</param>
/// <param name="Restart">For a changed VM: live, or a restart as a campaign or as an outage.</param>
public sealed record VmDiff(string Name, DiffKind Kind, ValueList<FieldChange> Fields, string? Group, VmRestartMode Restart)
{
    /// <summary>Some changed value reaches the VM only through a restart.</summary>
    [JsonIgnore]
    public bool NeedsRestart => Restart != VmRestartMode.Live;
}
