namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>The guest agent connection is broken (or closed); <see cref="Reason"/> is the first thing that went wrong.</summary>
public sealed class GuestAgentConnectionBrokenException : IOException
{
    public GuestAgentConnectionBrokenException(string reason, Exception? cause)
        : base($"the guest agent connection is broken: {reason}", cause) => Reason = reason;

    /// <summary>Why the connection broke, recorded once, when it first broke.</summary>
    public string Reason { get; }
}
