namespace Nines.Drivers.Qemu.Qmp;

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
