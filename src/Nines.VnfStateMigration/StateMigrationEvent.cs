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

/// <summary>One step, when it ended relative to the migration's start, how long it took, and what it did.</summary>
public sealed record StateMigrationEvent(StateMigrationStep Step, TimeSpan At, TimeSpan Duration, string Detail);

/// <summary>The outcome of a state migration.</summary>
/// <param name="Succeeded">Whether the target serves the state now.</param>
/// <param name="Events">Every step, in order.</param>
/// <param name="Serving">The instance that serves now (the target, or the source after a rollback).</param>
/// <param name="Records">Records (bearers) exported by the source.</param>
/// <param name="ImportedRecords">Records the target holds after the import.</param>
/// <param name="StateBytes">Bytes of state moved (pre-copy and delta).</param>
/// <param name="TrafficHeldFor">From the hold to the switch: the longest a packet was delayed by the migration.</param>
/// <param name="PacketsHeld">Packets the steering point held and flushed.</param>
/// <param name="PacketsDropped">Packets the steering point could not hold (a full buffer).</param>
/// <param name="Failure">Why it failed, naming the step.</param>
public sealed record StateMigrationReport(
    bool Succeeded,
    IReadOnlyList<StateMigrationEvent> Events,
    IFunctionInstance Serving,
    ulong Records,
    ulong ImportedRecords,
    int StateBytes,
    TimeSpan TrafficHeldFor,
    long PacketsHeld,
    long PacketsDropped,
    string? Failure);
