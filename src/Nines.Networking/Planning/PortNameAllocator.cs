namespace Nines.Networking.Planning;

/// <summary>
/// Names the ports of one scenario on one host: the name a port already has (read back from OVS) is
/// kept; a new port gets the hashed name, salted past any name already on the bridge or in this plan.
/// </summary>
internal sealed class PortNameAllocator
{
    private readonly Dictionary<(PortKind Kind, string Network, string? Vm, int? InterfaceId), string> _existing = [];
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly string _scenarioId;

    public PortNameAllocator(string scenarioId, HostNetworkState state)
    {
        _scenarioId = scenarioId;
        foreach (var port in state.Ports)
        {
            if (port.IsOurs && port.ScenarioId == scenarioId)
            {
                // A tap or veth is identified by its VM interface (its network may change); a host port by its network.
                var key = port.Kind is PortKind.Tap or PortKind.Veth
                    ? (PortKind.Tap, string.Empty, port.Vm, port.InterfaceId)
                    : (PortKind.HostInterface, port.Network!, null, null);
                _existing.TryAdd(key, port.Name);
            }
            else
            {
                _used.Add(port.Name);
            }
        }
    }

    public string Tap(string vm, int interfaceId) =>
        Allocate((PortKind.Tap, string.Empty, vm, interfaceId), salt => InterfaceNamer.Tap(_scenarioId, vm, interfaceId, salt));

    public string Host(string network) =>
        Allocate((PortKind.HostInterface, network, null, null), salt => InterfaceNamer.Host(_scenarioId, network, salt));

    private string Allocate((PortKind, string, string?, int?) key, Func<int, string> name)
    {
        if (_existing.TryGetValue(key, out var kept) && _used.Add(kept))
        {
            return kept;
        }

        var reserved = _existing.Where(e => e.Key != key).Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        for (var salt = 0; ; salt++)
        {
            var candidate = name(salt);
            if (!reserved.Contains(candidate) && _used.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
