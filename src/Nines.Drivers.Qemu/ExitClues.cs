namespace Nines.Drivers.Qemu;

/// <summary>The QMP events that explain a process end: SHUTDOWN (guest-initiated or not, QEMU's reason), a watchdog, a panic.</summary>
internal sealed record ExitClues(bool ShutdownSeen = false, bool GuestInitiated = false, string? ShutdownReason = null, string? WatchdogAction = null, bool Panicked = false);
