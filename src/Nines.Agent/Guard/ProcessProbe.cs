using Nines.Processes;

namespace Nines.Agent.Guard;

/// <summary>Process liveness and identity from <c>/proc</c>, and SIGKILL: the agent's names for the process layer's.</summary>
public static class ProcessProbe
{
    /// <summary>True when <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => ProcFs.IsAlive(pid);

    /// <summary>
    /// The process's start time in clock ticks since boot (<c>/proc/PID/stat</c> field 22), or null when it is gone:
    /// with the pid, an identity a reused pid cannot fake.
    /// </summary>
    public static long? StartTicks(int pid) => ProcFs.ReadStat(pid)?.StartTicks;

    /// <summary>Sends SIGKILL; false when the process was already gone.</summary>
    public static bool Kill(int pid) => ProcessSignals.Kill(pid);
}
