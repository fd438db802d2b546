namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>The agent's version and the commands it supports (<c>guest-info</c>).</summary>
internal sealed record GuestAgentInfo(string Version, IReadOnlyList<GuestAgentCommandInfo> Commands);
