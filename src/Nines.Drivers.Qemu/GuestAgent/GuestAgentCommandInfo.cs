namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>One command the agent knows; <see cref="SuccessResponse"/> is false for those that never answer on success (guest-shutdown).</summary>
internal sealed record GuestAgentCommandInfo(string Name, bool Enabled, bool SuccessResponse);
