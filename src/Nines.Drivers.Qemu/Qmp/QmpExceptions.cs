namespace Nines.Drivers.Qemu.Qmp;

/// <summary>QEMU answered a command with an error object.</summary>
public sealed class QmpCommandException : Exception
{
    public QmpCommandException(string errorClass, string description, string command)
        : base($"QMP command \"{command}\" failed: {errorClass}: {description}")
    {
        ErrorClass = errorClass;
        Description = description;
        Command = command;
    }

    /// <summary>QEMU's error class, e.g. <c>GenericError</c>, <c>CommandNotFound</c>, <c>DeviceNotFound</c>.</summary>
    public string ErrorClass { get; }

    /// <summary>QEMU's human-readable description.</summary>
    public string Description { get; }

    /// <summary>The command that failed.</summary>
    public string Command { get; }
}

/// <summary>A command got no reply within the timeout the client imposed (not the caller's cancellation).</summary>
public sealed class QmpTimeoutException : TimeoutException
{
    public QmpTimeoutException(string command, TimeSpan timeout)
        : base($"QMP command \"{command}\" got no reply within {timeout.TotalSeconds:0.###} s")
    {
        Command = command;
        Timeout = timeout;
    }

    /// <summary>The command that timed out.</summary>
    public string Command { get; }

    /// <summary>The timeout that fired.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>The QMP connection is broken (or closed); <see cref="Reason"/> is the first thing that went wrong.</summary>
public sealed class QmpConnectionBrokenException : IOException
{
    public QmpConnectionBrokenException(string reason, Exception? cause)
        : base($"the QMP connection is broken: {reason}", cause) => Reason = reason;

    /// <summary>Why the connection broke, recorded once, when it first broke.</summary>
    public string Reason { get; }
}
