namespace Nines.Drivers.Container;

/// <summary>How a run ended: the launcher's status of the init (128 + signal for a signal) and whether the OOM killer acted.</summary>
internal sealed record InstanceExit(int? ExitCode, int? Signal, bool OutOfMemory)
{
    /// <summary>The exit as the contract reports it when nobody asked for it.</summary>
    public VmExitReason Reason() => this switch
    {
        { OutOfMemory: true } => new VmExitReason(VmExitKind.OutOfMemory, $"out of memory: the OOM killer ended the instance{(Signal is { } s ? $" (signal {s})" : string.Empty)}", ExitCode, Signal ?? 9),
        { Signal: { } signal } => VmExitReason.KilledBy(signal),
        { ExitCode: 0 } => new VmExitReason(VmExitKind.GuestShutdown, "the instance's command exited with code 0", ExitCode: 0),
        { ExitCode: { } code } => VmExitReason.ExitedWith(code),
        _ => new VmExitReason(VmExitKind.Killed, "the instance's launcher disappeared without an exit status"),
    };

    /// <summary>Parses the shell's status: above 128 is a signal.</summary>
    public static InstanceExit FromStatus(int? status, bool outOfMemory) => status switch
    {
        > 128 and < 128 + 65 => new InstanceExit(null, status - 128, outOfMemory),
        { } code => new InstanceExit(code, null, outOfMemory),
        null => new InstanceExit(null, null, outOfMemory),
    };
}
