namespace Nines.Upgrades.Diff;

/// <summary>What happened to a named part of a scenario between two revisions.</summary>
public enum DiffKind
{
    /// <summary>Only the new revision has it.</summary>
    Added,

    /// <summary>Only the old revision has it.</summary>
    Removed,

    /// <summary>Both have it, with different values.</summary>
    Changed,
}

/// <summary>How a changed VM gets its new values.</summary>
public enum VmRestartMode
{
    /// <summary>No restart: every changed value can be applied to the running VM (or only matters later).</summary>
    Live,

    /// <summary>A restart, run as an upgrade campaign: the VM is a member of a redundancy group that protects its service.</summary>
    Campaign,

    /// <summary>A restart that is an outage: the VM is in no redundancy group (or a group with model <c>none</c>).</summary>
    Outage,
}
