namespace Nines.VnfStateMigration;

/// <summary>What a switch (or release) delivered.</summary>
/// <param name="Flushed">Packets held and delivered.</param>
/// <param name="Dropped">Packets that arrived while the buffer was full (0 unless <c>MaxHeldPackets</c> was reached).</param>
/// <param name="HeldFor">How long traffic was held.</param>
public sealed record SteeringSwitch(long Flushed, long Dropped, TimeSpan HeldFor);
