namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>
/// What came back from <c>guest-shutdown</c>. The agent does not answer it on success (the guest is going
/// down), so silence is the normal outcome; an error reply is thrown instead.
/// </summary>
internal enum GuestShutdownOutcome
{
    /// <summary>The agent answered with success (some agent versions do).</summary>
    Acknowledged,

    /// <summary>No answer within the wait: the documented success behaviour.</summary>
    NoReply,

    /// <summary>The socket closed while waiting: QEMU exited because the guest powered off.</summary>
    ConnectionClosed,
}
