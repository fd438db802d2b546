using System.Globalization;
using Nines.Domain.Scenarios;

namespace Nines.Drivers;

/// <summary>
/// MAC address parsing and VNUML's deterministic <c>automac</c> derivation.
/// </summary>
/// <remarks>
/// VNUML derives a VM interface's MAC from the VM's number and the interface id: <c>fe:fd:00:00:VM:IF</c>.
/// <c>fe</c> has the locally-administered bit set and the multicast bit clear, so these never collide with real
/// hardware. <c>&lt;automac offset="n"/&gt;</c> shifts the VM number by n so that several scenarios on one host
/// (EDIV gives each sub-scenario the running VM count as its offset) do not reuse MACs. The VM number plus the
/// offset fills the three bytes after <c>fe:fd</c> (so numbers past 255 carry into the fourth and third
/// bytes instead of wrapping), and the interface id is the last byte.
/// </remarks>
public static class MacAddress
{
    /// <summary>The largest VM number plus offset that fits the three bytes after <c>fe:fd</c>.</summary>
    public const int MaxAutoMacVm = ScenarioLimits.MaxAutoMacVmNumber;

    /// <summary>
    /// The MAC VNUML gives interface <paramref name="interfaceId"/> of the VM numbered <paramref name="vmNumber"/>
    /// (1-based position in boot order), shifted by the scenario's automac <paramref name="offset"/>
    /// (<see cref="AutoMacAddresses.Derive"/>). Throws <see cref="ArgumentOutOfRangeException"/> when they do not fit,
    /// which scenario validation rules out.
    /// </summary>
    public static string AutoMac(int vmNumber, int interfaceId, int offset = 0) =>
        AutoMacAddresses.Derive(vmNumber, interfaceId, offset);

    /// <summary>Parses six colon- or dash-separated hex pairs; anything else fails.</summary>
    public static bool TryParse(string text, out byte[] bytes)
    {
        bytes = [];
        var parts = text.Split(text.Contains('-', StringComparison.Ordinal) ? '-' : ':');
        if (parts.Length != 6)
        {
            return false;
        }

        var result = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            if (parts[i].Length != 2
                || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out result[i]))
            {
                return false;
            }
        }

        bytes = result;
        return true;
    }

    /// <summary>True for group (multicast and broadcast) addresses: the low bit of the first octet is set.</summary>
    public static bool IsMulticast(ReadOnlySpan<byte> bytes) => (bytes[0] & 1) == 1;

    /// <summary>Lower-case, colon-separated.</summary>
    public static string Format(ReadOnlySpan<byte> bytes) =>
        string.Join(':', bytes.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
