using Nines.Domain;

namespace Nines.Networking.Planning;

/// <summary>Every port on the host's bridge (ours and foreign), as read back from Open vSwitch.</summary>
/// <param name="SwitchNamespace">
/// The network namespace the switch runs in (null: the machine's own): part of every host-side namespace's name
/// (<see cref="HostSideNamespace.Name"/>).
/// </param>
public sealed record HostNetworkState(ValueList<ObservedPort> Ports, string? SwitchNamespace = null)
{
    public static HostNetworkState Empty { get; } = new(ValueList<ObservedPort>.Empty);
}
