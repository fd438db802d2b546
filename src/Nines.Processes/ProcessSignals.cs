using System.Runtime.InteropServices;

namespace Nines.Processes;

/// <summary>Sends signals to processes by id (they need not be our children: detached launchers, daemonized QEMU).</summary>
public static partial class ProcessSignals
{
    /// <summary>SIGTERM: asks a process to end.</summary>
    public const int SigTerm = 15;

    /// <summary>SIGKILL: ends a process at once.</summary>
    public const int SigKill = 9;

    /// <summary>
    /// Sends <paramref name="signal"/> to process <paramref name="pid"/>; false when it is gone or not ours to signal.
    /// Ids below 1 are refused: <c>kill(2)</c> would read them as process groups or every process.
    /// </summary>
    public static bool Send(int pid, int signal) => pid > 0 && LibcKill(pid, signal) == 0;

    /// <summary>Sends SIGKILL; false when the process was already gone.</summary>
    public static bool Kill(int pid) => Send(pid, SigKill);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int LibcKill(int pid, int signal);
}
