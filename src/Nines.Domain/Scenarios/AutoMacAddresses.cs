using System.Globalization;

namespace Nines.Domain.Scenarios;

/// <summary>
/// VNUML's deterministic <c>automac</c>: the MAC an interface without one of its own gets, <c>fe:fd:VM:VM:VM:IF</c>.
/// </summary>
/// <remarks>
/// The VM number is the VM's 1-based position in boot order (<see cref="BootOrder"/>) plus the scenario's automac
/// offset, filling the three bytes after <c>fe:fd</c>; the interface id is the last byte. <c>fe</c> has the locally
/// administered bit set and the multicast bit clear. Interfaces get a derived MAC even without <c>&lt;automac&gt;</c>
/// (offset 0). The validator checks every derived MAC fits (<see cref="Fits"/>) and none equals a written one.
/// </remarks>
public static class AutoMacAddresses
{
    /// <summary>
    /// VMs in VNUML's boot order, which numbers them for automac: VMs with an <c>order</c> first (ascending, ties in
    /// document order), then the others in document order.
    /// </summary>
    public static IReadOnlyList<VmSpec> BootOrder(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return [.. scenario.Vms.Select((vm, index) => (vm, index))
            .OrderBy(p => p.vm.Order is null ? 1 : 0)
            .ThenBy(p => p.vm.Order ?? 0)
            .ThenBy(p => p.index)
            .Select(p => p.vm)];
    }

    /// <summary>True when VM <paramref name="vmNumber"/>'s interface <paramref name="interfaceId"/> has a derived MAC at <paramref name="offset"/>.</summary>
    public static bool Fits(int vmNumber, int interfaceId, int offset) =>
        vmNumber >= 0 && offset >= 0 && interfaceId is >= 0 and <= ScenarioLimits.MaxInterfaceId
        && (long)vmNumber + offset <= ScenarioLimits.MaxAutoMacVmNumber;

    /// <summary>The derived MAC, lower-case and colon-separated.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The numbers do not fit (<see cref="Fits"/>); validation refuses such scenarios.</exception>
    public static string Derive(int vmNumber, int interfaceId, int offset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(vmNumber);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(interfaceId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interfaceId, ScenarioLimits.MaxInterfaceId);
        var vm = (long)vmNumber + offset;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vm, ScenarioLimits.MaxAutoMacVmNumber, nameof(vmNumber));
        byte[] bytes = [0xFE, 0xFD, (byte)(vm >> 16), (byte)(vm >> 8), (byte)vm, (byte)interfaceId];
        return string.Join(':', bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// The MAC every interface of the scenario will have, keyed by (VM name, interface id): its own when written, else
    /// the derived one. Interfaces whose derived MAC does not fit are left out (validation reports them).
    /// </summary>
    public static IReadOnlyDictionary<(string Vm, int InterfaceId), string> Assign(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var offset = scenario.AutoMac?.Offset ?? 0;
        var macs = new Dictionary<(string, int), string>();
        var order = BootOrder(scenario);
        for (var i = 0; i < order.Count; i++)
        {
            foreach (var nic in scenario.Effective(order[i]).Interfaces)
            {
                if (nic.Mac is not null)
                {
                    macs.TryAdd((order[i].Name, nic.Id), nic.Mac);
                }
                else if (Fits(i + 1, nic.Id, offset))
                {
                    macs.TryAdd((order[i].Name, nic.Id), Derive(i + 1, nic.Id, offset));
                }
            }
        }

        return macs;
    }
}
