namespace Nines.VnfStateMigration;

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
