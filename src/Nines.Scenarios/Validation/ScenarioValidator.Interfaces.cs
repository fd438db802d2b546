using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;

namespace Nines.Scenarios.Validation;

/// <summary>Interfaces: networks they are on, ids, MACs, and point-to-point links.</summary>
internal static partial class ScenarioValidator
{
    private static void CheckInterfaces(Context context)
    {
        var scenario = context.Scenario;
        var networks = scenario.Networks.Select(n => n.Name).ToList();
        foreach (var vm in scenario.Vms)
        {
            var ids = new HashSet<int>();
            foreach (var nic in vm.Interfaces)
            {
                var field = $"vm[{vm.Name}]/if[{nic.Id}]";
                if (!ids.Add(nic.Id))
                {
                    context.Error(
                        ScenarioValidationCodes.DuplicateInterfaceId,
                        nic,
                        field,
                        $"vm \"{vm.Name}\": interface id {nic.Id} is used more than once (each interface of a VM needs its own id)");
                }

                if (nic.Id is < 0 or > ScenarioLimits.MaxInterfaceId)
                {
                    context.Error(
                        ScenarioValidationCodes.InterfaceIdOutOfRange,
                        nic,
                        field,
                        $"vm \"{vm.Name}\": interface id {nic.Id} is out of range (expected 0 to {ScenarioLimits.MaxInterfaceId}: automac puts the id in the MAC's last byte)");
                }

                if (scenario.FindNetwork(nic.Network) is null)
                {
                    context.Error(
                        ScenarioValidationCodes.UnknownInterfaceNetwork,
                        nic,
                        field,
                        $"vm \"{vm.Name}\": interface {nic.Id} is on network \"{nic.Network}\", which the scenario does not define{Context.Known("networks", networks)}");
                }
            }
        }

        foreach (var hostInterface in scenario.Host?.Interfaces ?? default)
        {
            if (scenario.FindNetwork(hostInterface.Network) is null)
            {
                context.Error(
                    ScenarioValidationCodes.UnknownHostInterfaceNetwork,
                    hostInterface,
                    $"host/hostif[{hostInterface.Network}]",
                    $"host: interface on network \"{hostInterface.Network}\", which the scenario does not define{Context.Known("networks", networks)}");
            }
        }
    }

    /// <summary>
    /// Every written MAC must be a unicast address, and no two interfaces may share one, whether written or derived
    /// by automac for an interface without one (<see cref="AutoMacAddresses"/>).
    /// </summary>
    private static void CheckMacs(Context context)
    {
        var owners = DerivedMacOwners(context.Scenario);
        foreach (var vm in context.Scenario.Vms)
        {
            foreach (var nic in vm.Interfaces.Where(i => i.Mac is not null))
            {
                var field = $"vm[{vm.Name}]/if[{nic.Id}]/mac";
                var owner = $"vm \"{vm.Name}\" interface {nic.Id}";
                if (MacProblem(nic.Mac!) is { } problem)
                {
                    context.Error(ScenarioValidationCodes.MalformedMac, nic, field, $"{owner}: MAC \"{nic.Mac}\" {problem}");
                    continue;
                }

                var canonical = MacAddressText.Canonical(nic.Mac!)!;
                if (!owners.TryAdd(canonical, owner))
                {
                    context.Error(ScenarioValidationCodes.DuplicateMac, nic, field, $"{owner}: MAC {canonical} is already used by {owners[canonical]}");
                }
            }
        }
    }

    /// <summary>The MACs automac derives for interfaces without one, each with whose it is.</summary>
    private static Dictionary<string, string> DerivedMacOwners(Scenario scenario)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var offset = scenario.AutoMac?.Offset ?? 0;
        var order = AutoMacAddresses.BootOrder(scenario);
        for (var i = 0; i < order.Count; i++)
        {
            foreach (var nic in order[i].Interfaces.Where(n => n.Mac is null && AutoMacAddresses.Fits(i + 1, n.Id, offset)))
            {
                owners.TryAdd(AutoMacAddresses.Derive(i + 1, nic.Id, offset), $"vm \"{order[i].Name}\" interface {nic.Id} (derived by automac)");
            }
        }

        return owners;
    }

    /// <summary>
    /// The automac offset is not negative, and the highest VM number that needs a derived MAC (its boot position plus
    /// the offset) fits the three bytes after <c>fe:fd</c>.
    /// </summary>
    private static void CheckAutoMac(Context context)
    {
        var scenario = context.Scenario;
        var offset = scenario.AutoMac?.Offset ?? 0;
        // Not every reader records where <automac> was written: then the scenario itself is the location.
        object located = scenario.AutoMac is { } autoMac && context.Map.Locate(autoMac).Line > 0 ? autoMac : scenario;
        if (offset < 0)
        {
            context.Error(ScenarioValidationCodes.AutoMacOutOfRange, located, "automac/offset", $"automac offset {offset} is negative (expected 0 or more)");
            return;
        }

        var order = AutoMacAddresses.BootOrder(scenario);
        var last = Enumerable.Range(0, order.Count).LastOrDefault(i => order[i].Interfaces.Any(n => n.Mac is null), -1);
        if (last >= 0 && (long)last + 1 + offset > ScenarioLimits.MaxAutoMacVmNumber)
        {
            context.Error(
                ScenarioValidationCodes.AutoMacOutOfRange,
                located,
                "automac/offset",
                $"automac offset {offset}: vm \"{order[last].Name}\" (number {last + 1} in boot order) would get VM number {(long)last + 1 + offset}, more than the {ScenarioLimits.MaxAutoMacVmNumber} the MAC's three bytes after fe:fd hold (use an offset of at most {ScenarioLimits.MaxAutoMacVmNumber - last - 1}, or write the MACs)");
        }
    }

    /// <summary>Why <paramref name="mac"/> cannot be a NIC's address, or null when it can.</summary>
    private static string? MacProblem(string mac)
    {
        if (!MacAddressText.IsMac(mac))
        {
            return "is not a MAC address (expected six hex pairs such as 02:fd:00:00:01:01)";
        }

        if (MacAddressText.IsMulticast(mac))
        {
            return "is a multicast address (the first octet is odd); an interface needs a unicast MAC";
        }

        return MacAddressText.Canonical(mac) == "00:00:00:00:00:00" ? "is the all-zero address; an interface needs a unicast MAC" : null;
    }

    /// <summary>A ppp network is a link between two ends: VM interfaces and host interfaces together.</summary>
    private static void CheckPointToPoint(Context context)
    {
        var scenario = context.Scenario;
        foreach (var network in scenario.Networks.Where(n => n.Type == NetworkType.Ppp))
        {
            var ends = scenario.Vms.Sum(vm => vm.Interfaces.Count(i => i.Network == network.Name))
                + (scenario.Host?.Interfaces.Count(i => i.Network == network.Name) ?? 0);
            if (ends > 2)
            {
                context.Error(
                    ScenarioValidationCodes.CrowdedPointToPoint,
                    network,
                    $"net[{network.Name}]",
                    $"network \"{network.Name}\" is ppp (point-to-point) but {ends} interfaces are on it (at most 2; use type lan for a shared segment)");
            }
        }
    }
}
