namespace Nines.VnfStateMigration;

/// <summary>The steps of a state migration, in the order they run.</summary>
public enum StateMigrationStep
{
    /// <summary>The target instance runs on the other host, frozen and empty.</summary>
    TargetStarted,

    /// <summary>A full copy of the state, exported while the source serves, is imported into the target (outside the hold).</summary>
    StatePreCopied,

    /// <summary>The steering point sent its marker and holds new traffic (delayed from here on, not dropped).</summary>
    TrafficHeld,

    /// <summary>The source finished everything before the marker and takes no more work.</summary>
    SourceFrozen,

    /// <summary>What changed since the pre-copy is exported from the frozen source.</summary>
    StateExported,

    /// <summary>The target applied the delta; its record count, generation and the received checksum match the source's.</summary>
    StateImported,

    /// <summary>The target takes work.</summary>
    TargetResumed,

    /// <summary>The steering point flushed what it held to the target and forwards there: the end of the delay.</summary>
    TrafficSwitched,

    /// <summary>The source instance is stopped.</summary>
    SourceRetired,

    /// <summary>A step failed: traffic released to the source, the source resumed, the target stopped.</summary>
    RolledBack,
}
