namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>The guest agent answered a command with an error object.</summary>
public sealed class GuestAgentCommandException : Exception
{
    public GuestAgentCommandException(string errorClass, string description, string command)
        : base($"guest agent command \"{command}\" failed: {errorClass}: {description}")
    {
        ErrorClass = errorClass;
        Description = description;
        Command = command;
    }

    /// <summary>The agent's error class, e.g. <c>GenericError</c>, <c>CommandNotFound</c>.</summary>
    public string ErrorClass { get; }

    /// <summary>The agent's human-readable description.</summary>
    public string Description { get; }

    /// <summary>The command that failed.</summary>
    public string Command { get; }
}

/// <summary>A command got no reply within the timeout the client imposed (not the caller's cancellation).</summary>
public sealed class GuestAgentTimeoutException : TimeoutException
{
    public GuestAgentTimeoutException(string command, TimeSpan timeout)
        : base($"guest agent command \"{command}\" got no reply within {timeout.TotalSeconds:0.###} s")
    {
        Command = command;
        Timeout = timeout;
    }

    /// <summary>The command that timed out (<c>guest-sync-delimited</c> when the agent never answered the resync).</summary>
    public string Command { get; }

    /// <summary>The timeout that fired.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>
/// The agent sent something that is not a JSON object. The channel survives a guest agent restart (it is QEMU's
/// socket, not the agent's), so this fails the command and forces a resync instead of breaking the client.
/// </summary>
public sealed class GuestAgentProtocolException : IOException
{
    public GuestAgentProtocolException(string command, string message, Exception? cause)
        : base($"guest agent command \"{command}\": {message}", cause) => Command = command;

    /// <summary>The command whose reply was unreadable.</summary>
    public string Command { get; }
}

/// <summary>The guest agent connection is broken (or closed); <see cref="Reason"/> is the first thing that went wrong.</summary>
public sealed class GuestAgentConnectionBrokenException : IOException
{
    public GuestAgentConnectionBrokenException(string reason, Exception? cause)
        : base($"the guest agent connection is broken: {reason}", cause) => Reason = reason;

    /// <summary>Why the connection broke, recorded once, when it first broke.</summary>
    public string Reason { get; }
}

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
