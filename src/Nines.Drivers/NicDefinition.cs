namespace Nines.Drivers;

/// <summary>
/// A network interface: its id in the VM (VNUML <c>if id</c>), its MAC, the scenario network it is on, and the
/// host-side attachment (a tap or bridge name the host agent created); null attachment means a private, restricted
/// user-mode network (tests that must not reach any real network).
/// </summary>
public sealed record NicDefinition(int Id, string Mac, string Network, string? Attachment = null);
