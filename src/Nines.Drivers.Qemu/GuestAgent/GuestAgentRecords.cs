namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>The agent's version and the commands it supports (<c>guest-info</c>).</summary>
internal sealed record GuestAgentInfo(string Version, IReadOnlyList<GuestAgentCommandInfo> Commands);

/// <summary>One command the agent knows; <see cref="SuccessResponse"/> is false for those that never answer on success (guest-shutdown).</summary>
internal sealed record GuestAgentCommandInfo(string Name, bool Enabled, bool SuccessResponse);

/// <summary>A network interface inside the guest (<c>guest-network-get-interfaces</c>).</summary>
internal sealed record GuestNetworkInterface(string Name, string? HardwareAddress, IReadOnlyList<GuestIpAddress> Addresses, GuestInterfaceStatistics? Statistics);

/// <summary>An address of a guest interface: type <c>ipv4</c> or <c>ipv6</c>, the address, the prefix length.</summary>
internal sealed record GuestIpAddress(string Type, string Address, int Prefix);

/// <summary>Counters of a guest interface, as the guest kernel counts them.</summary>
internal sealed record GuestInterfaceStatistics(long RxBytes, long RxPackets, long RxErrors, long RxDropped, long TxBytes, long TxPackets, long TxErrors, long TxDropped);

/// <summary>How <c>guest-shutdown</c> should stop the guest.</summary>
internal enum GuestShutdownMode
{
    Powerdown,
    Reboot,
    Halt,
}

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
