namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>A command run with guest-exec did not finish in time; carries what it printed so far.</summary>
public sealed class GuestExecTimeoutException : TimeoutException
{
    public GuestExecTimeoutException(string commandLine, long pid, TimeSpan timeout, string stdoutSoFar, string stderrSoFar)
        : base($"guest command \"{commandLine}\" (pid {pid}) did not finish within {timeout.TotalSeconds:0.###} s"
            + (stdoutSoFar.Length + stderrSoFar.Length == 0 ? "; it printed nothing so far" : $"; stdout so far: {Tail(stdoutSoFar)}; stderr so far: {Tail(stderrSoFar)}"))
    {
        CommandLine = commandLine;
        Pid = pid;
        Timeout = timeout;
        StdoutSoFar = stdoutSoFar;
        StderrSoFar = stderrSoFar;
    }

    /// <summary>The command as it would be typed in a shell, for messages.</summary>
    public string CommandLine { get; }

    /// <summary>The guest process id, still running when the timeout fired.</summary>
    public long Pid { get; }

    /// <summary>The timeout that fired.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Standard output received before the timeout (QEMU's agent may hold it back until the process exits).</summary>
    public string StdoutSoFar { get; }

    /// <summary>Standard error received before the timeout.</summary>
    public string StderrSoFar { get; }

    private static string Tail(string text) => text.Length <= 500 ? $"\"{text}\"" : $"\"…{text[^500..]}\"";
}
