using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Native;

/// <summary>
/// Generators of valid scenarios for round-trip properties: every field of the model is exercised,
/// free text is arbitrary (quotes, colons, line breaks, unicode, YAML keywords), while names and
/// references stay consistent so the scenario passes the format-independent validator too.
/// </summary>
internal static partial class NativeScenarioGenerators
{
    /// <summary>Strings a naive YAML writer gets wrong.</summary>
    private static readonly string[] _trickyTexts =
    [
        "", " ", "yes", "no", "No", "null", "Null", "~", "true", "FALSE", "on", "off", "y", "n", "123", "-1", "0x1F", "0o17",
        "1.8", "1e3", ".inf", "-.inf", ".nan", "1:30", "2024-01-01", "a: b", "a:b", "# comment", "a #b", "x#y", " lead",
        "trail ", "line\nbreak", "cr\r\nlf", "\ttab", "ünïcødé ✓", "emoji 😀", "'single'", "\"double\"", "back\\slash",
        "-", "- item", "? q", "[x]", "{a: b}", "a, b", "&anchor", "*alias", "!tag", "%directive", "@at", "`tick", "|",
        "> folded", "---", "...", "\0nul", "\u0085nel", "\u2028ls", "\uFEFFbom", "echo 'a: b' > /tmp/x # done",
    ];

    private static readonly string[] _namePool = ["a", "uml1", "Net0", "yes", "no", "null", "1", "0-1", "web-01", "x_y", "ünï"];

    /// <summary>Any text: mostly arbitrary, often a known trap. Lone surrogates are replaced (YAML cannot carry them).</summary>
    public static Gen<string> Text { get; } = Gen.Frequency(
        (3, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(WellFormed)),
        (2, Gen.Elements(_trickyTexts)));

    /// <summary>A name as users write them, sometimes one that must be quoted.</summary>
    public static Gen<string> Name { get; } = Gen.Frequency(
        (3, Gen.Choose(0, 9999).Select(i => string.Create(CultureInfo.InvariantCulture, $"n{i}"))),
        (1, Gen.Elements(_namePool)));

    public static Gen<Scenario> Scenario { get; } =
        from name in Name
        from version in Gen.Elements("1.8", "1.91", "1.92", "2.0").OrNull()
        from tenant in Name.OrNull()
        from autoMac in Gen.Choose(0, 1000).Select(o => new AutoMacSpec(o)).OrNull()
        from management in Gen.Elements("none", "private", "net").OrNull()
        from defaults in Defaults.OrNull()
        from networks in Networks
        from vms in Vms(networks)
        from host in Host(networks).OrNull()
        from groups in RedundancyGroups(vms)
        from rules in List(Placement(vms, networks), 4)
        select new Scenario(name, version, tenant, autoMac, management, defaults, networks, vms, host, groups, rules);

    private static Gen<ValueList<NetworkSpec>> Networks =>
        from count in Gen.Choose(0, 4)
        from networks in Gen.CollectToList(Enumerable.Range(0, count), i => Network(string.Create(CultureInfo.InvariantCulture, $"net{i}")))
        select ValueList.From(networks);

    private static Gen<NetworkSpec> Network(string name) =>
        from mode in Gen.Elements(NetworkMode.VirtualBridge, NetworkMode.UmlSwitch)
        from type in Gen.Elements(NetworkType.Lan, NetworkType.Ppp)
        from vlan in Optional(Gen.Choose(1, 4094))
        from external in Gen.Elements("eth0", "eth1", "bond0.12").OrNull()
        from bandwidth in Optional(Gen.Choose(1, int.MaxValue).Select(b => (long)b * 3))
        from socket in Text.OrNull()
        from hub in Gen.Elements(true, false)
        from shared in Gen.Elements(true, false)
        select new NetworkSpec(name, mode, type, vlan, external, bandwidth, socket, hub, shared);

    private static Gen<ValueList<VmSpec>> Vms(ValueList<NetworkSpec> networks) =>
        from count in Gen.Choose(0, 4)
        from vms in Gen.CollectToList(Enumerable.Range(0, count), i => Vm(string.Create(CultureInfo.InvariantCulture, $"vm{i}"), networks))
        select ValueList.From(vms);

    private static Gen<HostSection> Host(ValueList<NetworkSpec> networks) =>
        from interfaces in networks.IsEmpty ? Gen.Constant(ValueList<HostInterfaceSpec>.Empty) : List(HostInterface(networks), 2)
        from physical in List(PhysicalInterface, 2)
        from routes in HostRoutes(interfaces)
        from forwarding in ForwardingOrNull
        from execs in List(Exec, 3)
        select new HostSection(interfaces, physical, routes, forwarding, execs);

    /// <summary>Up to three host routes, each through an address of a host interface (the only way the host reaches a gateway).</summary>
    private static Gen<ValueList<RouteSpec>> HostRoutes(ValueList<HostInterfaceSpec> interfaces)
    {
        var addresses = interfaces.SelectMany(i => i.Ipv4.Select(a => (IpFamily.Ipv4, a.Address)).Concat(i.Ipv6.Select(a => (IpFamily.Ipv6, a.Address)))).ToArray();
        return addresses.Length == 0
            ? Gen.Constant(ValueList<RouteSpec>.Empty)
            : List(
                from via in Gen.Elements(addresses)
                from destination in Gen.Elements("default", via.Item1 == IpFamily.Ipv4 ? "10.0.0.0/8" : "2001:db8::/32")
                select new RouteSpec(via.Item1, destination, via.Address),
                3);
    }

    private static Gen<HostInterfaceSpec> HostInterface(ValueList<NetworkSpec> networks) =>
        from network in Gen.Elements(networks.Select(n => n.Name))
        from ipv4 in List(Ipv4Cidr, 2)
        from ipv6 in List(Ipv6Cidr, 2)
        select new HostInterfaceSpec(network, ipv4, ipv6);

    private static Gen<PhysicalInterfaceSpec> PhysicalInterface =>
        Gen.OneOf(
            from name in Gen.Elements("eth0", "eth1", "ens3")
            from address in Ipv4
            from mask in Gen.Elements("255.255.255.0", "255.255.0.0").OrNull()
            from gateway in Ipv4.OrNull()
            select new PhysicalInterfaceSpec(name, IpFamily.Ipv4, address, mask, gateway),
            from name in Gen.Elements("eth0", "eth1", "ens3")
            from address in Gen.OneOf(Ipv6, Ipv6Cidr.Select(c => c.ToString()))
            from gateway in Ipv6.OrNull()
            select new PhysicalInterfaceSpec(name, IpFamily.Ipv6, address, null, gateway));

    /// <summary>
    /// Up to three groups over disjoint runs of the VMs (a VM belongs to one group at most), each with a
    /// model its member count satisfies.
    /// </summary>
    private static Gen<ValueList<RedundancyGroupSpec>> RedundancyGroups(ValueList<VmSpec> vms)
    {
        var names = vms.Select(v => v.Name).ToArray();
        return
            from sizes in Gen.Choose(1, 3).ListOf(3)
            from groups in Gen.CollectToList(Chunks(names, sizes), chunk => RedundancyGroup(chunk.Index, chunk.Members))
            select ValueList.From(groups);
    }

    private static IEnumerable<(int Index, string[] Members)> Chunks(string[] names, IEnumerable<int> sizes)
    {
        var start = 0;
        var index = 0;
        foreach (var size in sizes)
        {
            if (start + size > names.Length)
            {
                yield break;
            }

            yield return (index++, names[start..(start + size)]);
            start += size;
        }
    }

    private static Gen<RedundancyGroupSpec> RedundancyGroup(int index, string[] members)
    {
        var count = members.Length;
        var models = new List<RedundancyModel> { RedundancyModel.None, RedundancyModel.NWayActive };
        if (count == 2)
        {
            models.Add(RedundancyModel.TwoN);
        }

        return
            from model in Gen.Elements(models.Concat(count >= 2 ? [RedundancyModel.NPlusM] : []).ToArray())
            from actives in model == RedundancyModel.NPlusM ? Gen.Choose(1, count - 1) : Gen.Constant(0)
            from counts in model != RedundancyModel.NPlusM
                ? Gen.Constant<(int?, int?)>((null, null))
                : Gen.Elements<(int?, int?)>((actives, count - actives), (actives, null), (null, count - actives), (null, null))
            from hosts in List(Gen.Elements("h1", "h2", "host-3"), 2)
            select new RedundancyGroupSpec(
                string.Create(CultureInfo.InvariantCulture, $"group-{index}"),
                model,
                ValueList.From(members),
                counts.Item1,
                counts.Item2,
                hosts);
    }

    private static Gen<PlacementRule> Placement(ValueList<VmSpec> vms, ValueList<NetworkSpec> networks)
    {
        var vmNames = vms.Select(v => v.Name).ToArray();
        var networkNames = networks.Select(n => n.Name).ToArray();
        return
            from kind in Gen.Elements(PlacementRuleKind.NetworkAt, PlacementRuleKind.VmAt, PlacementRuleKind.Affinity,
                PlacementRuleKind.NetworkTogether, PlacementRuleKind.AntiAffinity)
            from ruleVms in SubList(vmNames)
            from ruleNetworks in SubList(networkNames)
            from host in Gen.Elements("h1", "h2", "yes").OrNull()
            from hard in Gen.Elements(true, false)
            select new PlacementRule(kind, ruleVms, ruleNetworks, host, hard);
    }

    private static Gen<ValueList<string>> SubList(string[] items) =>
        items.Length == 0 ? Gen.Constant(ValueList<string>.Empty) : Gen.SubListOf(items).Select(ValueList.From);

    /// <summary>Up to <paramref name="max"/> items.</summary>
    private static Gen<ValueList<T>> List<T>(Gen<T> item, int max) =>
        Gen.Choose(0, max).SelectMany(count => item.ListOf(count)).Select(ValueList.From);

    private static Gen<T?> Optional<T>(Gen<T> value)
        where T : struct =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, value.Select(v => (T?)v)));

    private static string WellFormed(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text, i, 2);
                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '?' : text[i]);
            }
        }

        return builder.ToString();
    }
}
