namespace Nines.Drivers;

/// <summary>A watchdog device (QEMU i6300esb) with its action.</summary>
public sealed record WatchdogDefinition(WatchdogAction Action = WatchdogAction.Reset);
