namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>A network interface inside the guest (<c>guest-network-get-interfaces</c>).</summary>
internal sealed record GuestNetworkInterface(string Name, string? HardwareAddress, IReadOnlyList<GuestIpAddress> Addresses, GuestInterfaceStatistics? Statistics);
