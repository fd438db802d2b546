namespace Nines.Drivers.Qemu;

/// <summary>What the driver would run for a VM: QEMU's arguments (without the program) and the console log it writes.</summary>
public sealed record QemuLaunch(IReadOnlyList<string> Arguments, string ConsoleLogPath);
