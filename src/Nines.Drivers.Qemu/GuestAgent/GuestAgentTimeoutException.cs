namespace Nines.Drivers.Qemu.GuestAgent;

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
