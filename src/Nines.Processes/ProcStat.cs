namespace Nines.Processes;

/// <summary>
/// The fields of <c>/proc/PID/stat</c> Nines uses: state, user and system CPU ticks (all threads), start time in ticks
/// after host boot, and — for a zombie — the wait status (low 7 bits: the signal; bits 8-15: the exit code).
/// </summary>
public sealed record ProcStat(char State, long UserTicks, long SystemTicks, long StartTicks, int? WaitStatus)
{
    /// <summary>The process has ended and waits to be reaped (or is being reaped).</summary>
    public bool IsZombie => State is 'Z' or 'X';

    /// <summary>User plus system CPU time, in <see cref="ProcFs.ClockTicksPerSecond"/> ticks.</summary>
    public long CpuTicks => UserTicks + SystemTicks;

    /// <summary>For a zombie with a wait status: the signal that killed it; otherwise null.</summary>
    public int? TermSignal => IsZombie && WaitStatus is { } status && (status & 0x7F) is var signal and > 0 ? signal : null;

    /// <summary>For a zombie with a wait status that was not killed by a signal: its exit code; otherwise null.</summary>
    public int? ExitCode => IsZombie && WaitStatus is { } status && (status & 0x7F) == 0 ? (status >> 8) & 0xFF : null;
}
