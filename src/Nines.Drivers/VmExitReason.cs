namespace Nines.Drivers;

/// <summary>Why a VM stopped: the kind, the process exit code or signal when there was one, and a readable message.</summary>
public sealed record VmExitReason(VmExitKind Kind, string Message, int? ExitCode = null, int? Signal = null)
{
    /// <summary>True when nobody asked for the stop: what makes the state <see cref="VmState.Crashed"/>.</summary>
    public bool IsCrash => Kind is not (VmExitKind.GuestShutdown or VmExitKind.Destroyed);

    public static VmExitReason KilledBy(int signal) =>
        new(VmExitKind.Killed, $"process killed by signal {signal}{SignalName(signal)}", Signal: signal);

    public static VmExitReason ExitedWith(int code) =>
        new(VmExitKind.Exited, $"process exited with code {code}", ExitCode: code);

    private static string SignalName(int signal) => signal switch
    {
        6 => " (SIGABRT)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        15 => " (SIGTERM)",
        _ => string.Empty,
    };
}
