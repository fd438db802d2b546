using System.Globalization;
using System.Net;
using Nines.Domain;
using Nines.Networking.Trunks;

namespace Nines.Cli.Commands;

/// <summary>
/// A host's uplink on the command line: <c>trunk:IFACE</c> (an 802.1q trunk through an interface on a segment shared
/// with the other hosts) or <c>vxlan:LOCAL:REMOTE[,REMOTE...][:VNI]</c> (a VXLAN device from this host's underlay
/// address to the others').
/// </summary>
internal static class UplinkArgument
{
    public const string Syntax = "trunk:IFACE or vxlan:LOCAL:REMOTE[,REMOTE...][:VNI]";

    /// <exception cref="ArgumentException">Not an uplink; the message shows the syntax.</exception>
    public static HostUplink Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        switch (parts[0])
        {
            case "trunk" when parts.Length == 2 && parts[1].Length is > 0 and <= 15:
                return new TrunkUplink(parts[1]);
            case "vxlan" when parts.Length is 3 or 4 && IsAddress(parts[1]):
                var remotes = parts[2].Split(',', StringSplitOptions.TrimEntries);
                if (remotes.Length == 0 || !remotes.All(IsAddress))
                {
                    break;
                }

                if (parts.Length == 3)
                {
                    return new VxlanUplink(parts[1], ValueList.From(remotes));
                }

                if (int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var vni) && vni is >= 1 and <= VxlanUplink.MaxVni)
                {
                    return new VxlanUplink(parts[1], ValueList.From(remotes), vni);
                }

                break;
        }

        throw new ArgumentException($"--uplink \"{text}\" is not an uplink (expected {Syntax})", nameof(text));
    }

    private static bool IsAddress(string text) => IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
}
