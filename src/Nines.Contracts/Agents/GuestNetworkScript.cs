using System.Text;
using Nines.Domain.Scenarios;
using Nines.Drivers;

namespace Nines.Contracts.Agents;

/// <summary>
/// The shell script that applies a VM's addresses, routes and forwarding from the scenario inside its guest (run
/// through the guest agent). Interfaces are found by MAC, not by name, so it does not depend on how the guest names
/// them; <c>ip … replace</c> makes it idempotent. Every value is single-quoted: scenario text never becomes syntax.
/// </summary>
public static class GuestNetworkScript
{
    /// <summary>The script for <paramref name="vm"/> (defaults applied) with its <paramref name="nics"/>; null when there is nothing to configure.</summary>
    public static string? Build(VmSpec vm, IReadOnlyList<NicDefinition> nics)
    {
        ArgumentNullException.ThrowIfNull(vm);
        ArgumentNullException.ThrowIfNull(nics);
        var body = new StringBuilder();
        foreach (var nic in vm.Interfaces)
        {
            var mac = nics.FirstOrDefault(n => n.Id == nic.Id)?.Mac;
            var addresses = nic.Ipv4.Select(a => ("-4", a)).Concat(nic.Ipv6.Select(a => ("-6", a))).ToList();
            if (mac is null || addresses.Count == 0)
            {
                continue;
            }

            body.Append("d=$(nic ").Append(Quote(mac)).Append(")\nip link set \"$d\" up\n");
            foreach (var (family, address) in addresses)
            {
                body.Append("ip ").Append(family).Append(" addr replace ").Append(Quote(address.ToString())).Append(" dev \"$d\"\n");
            }
        }

        foreach (var route in vm.Routes)
        {
            var family = route.Family == IpFamily.Ipv6 ? "-6" : "-4";
            body.Append("ip ").Append(family).Append(" route replace ").Append(Quote(route.Destination)).Append(" via ").Append(Quote(route.Gateway)).Append('\n');
        }

        if (vm.Forwarding is Forwarding.Ip or Forwarding.Ipv4)
        {
            body.Append("echo 1 > /proc/sys/net/ipv4/ip_forward\n");
        }

        if (vm.Forwarding is Forwarding.Ip or Forwarding.Ipv6)
        {
            body.Append("echo 1 > /proc/sys/net/ipv6/conf/all/forwarding\n");
        }

        return body.Length == 0
            ? null
            : "set -e\nnic() { for p in /sys/class/net/*; do if [ \"$(cat \"$p/address\")\" = \"$1\" ]; then echo \"${p##*/}\"; return 0; fi; done; echo \"no interface with MAC $1\" >&2; exit 1; }\n" + body;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
