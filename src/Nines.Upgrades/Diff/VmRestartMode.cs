namespace Nines.Upgrades.Diff;

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
