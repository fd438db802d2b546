namespace Nines.Drivers;

/// <summary>One event about one VM.</summary>
public sealed record VmEvent(string VmId, VmEventKind Kind, DateTimeOffset At, VmExitReason? Reason = null, string? Detail = null);
