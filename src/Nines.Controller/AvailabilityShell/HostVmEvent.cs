using Nines.Drivers;

namespace Nines.Controller.AvailabilityShell;

/// <summary>A VM event with the host that reported it (null: the manager's only host).</summary>
public sealed record HostVmEvent(string? Host, VmEvent Event);
