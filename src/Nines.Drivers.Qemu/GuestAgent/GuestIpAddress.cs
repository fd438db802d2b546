namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>An address of a guest interface: type <c>ipv4</c> or <c>ipv6</c>, the address, the prefix length.</summary>
internal sealed record GuestIpAddress(string Type, string Address, int Prefix);
