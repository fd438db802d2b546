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
