using System.Globalization;
using System.Text;

namespace Nines.Bench.Soak;

/// <summary>
/// Invalid and extreme scenarios, drawn from a seeded <see cref="Random"/>: native YAML with boundary values
/// (interface ids, VLANs, automac offsets, memory, vCPUs, counts, name lengths), deep nesting, random bytes,
/// mutations of a valid file, and VNUML with bad values. Pure: the same seed gives the same scenarios.
/// </summary>
internal static class ScenarioFuzzer
{
    private static readonly string[] _interfaceIds = ["256", "255", "0", "-1", "65536", "2147483648", "99999999999999999999", "1.5", "abc", "~", "[1]"];
    private static readonly string[] _vlans = ["4096", "4095", "4094", "0", "1", "-1", "65536", "1e9", "vlan"];
    private static readonly string[] _memories = ["1P", "1000000T", "16383T", "0", "-1M", "0.5M", "99999999999999999999G", "1K", "4G", "M", "1e30"];
    private static readonly string[] _counts = ["0", "1", "64", "256", "1024", "65536", "-3", "2147483647", "1e6"];
    private static readonly string[] _offsets = ["0", "255", "256", "65535", "65536", "16777215", "16777216", "4294967295", "-1", "99999999999999"];
    private static readonly string[] _vnumlIds = ["256", "0", "-1", "99999", "x", ""];

    /// <summary>One scenario: a short label of what it tries, and its text.</summary>
    public static (string Kind, string Text) Next(Random random, string name, string? foreignTenant)
    {
        return random.Next(12) switch
        {
            0 => ("interface-id", Native(name, vm: $"interfaces: [{{id: {Pick(random, _interfaceIds)}, network: n0, ipv4: [10.9.0.2/24]}}]")),
            1 => ("vlan", Native(name, network: $"vlan: {Pick(random, _vlans)}")),
            2 => ("memory", Native(name, vm: $"memory: {Pick(random, _memories)}")),
            3 => ("vcpus", Native(name, vm: $"vcpus: {Pick(random, _counts)}")),
            4 => ("automac", Native(name, top: $"automac: {{offset: {Pick(random, _offsets)}}}", vm: "interfaces: [{id: 255, network: n0}]")),
            5 => ("long-names", LongNames(random, name)),
            6 => ("many", Many(random, name)),
            7 => ("deep-nesting", DeepNesting(random, name)),
            8 => ("random-bytes", RandomBytes(random)),
            9 => ("mutation", Mutate(random, Native(name, vm: "interfaces: [{id: 1, network: n0, ipv4: [10.9.0.2/24]}]"))),
            10 => ("vnuml", Vnuml(random, name)),
            _ => ("foreign-tenant", Native(name, top: $"tenant: {foreignTenant ?? "default"}")),
        };
    }

    private static string Native(string name, string top = "", string network = "", string vm = "") =>
        $"""
        nines: 1
        name: {name}
        {top}
        networks:
          - name: n0
            {network}
        vms:
          - name: v1
            memory: 64M
            {vm}
        """;

    private static string LongNames(Random random, string name)
    {
        var length = random.Next(3) switch { 0 => 64, 1 => 300, _ => 70_000 };
        var letter = random.Next(3) switch { 0 => "a", 1 => "é", _ => "\u202e" };
        var longName = string.Concat(Enumerable.Repeat(letter, length));
        return random.Next(3) switch
        {
            0 => Native(longName),
            1 => Native(name, network: "").Replace("name: v1", $"name: {longName}", StringComparison.Ordinal),
            _ => Native(name).Replace("name: n0", $"name: {longName}", StringComparison.Ordinal),
        };
    }

    private static string Many(Random random, string name)
    {
        var vms = random.Next(3) switch { 0 => 1, 1 => 65, _ => 300 };
        var interfaces = random.Next(3) switch { 0 => 1, 1 => 64, _ => 300 };
        var text = new StringBuilder($"nines: 1\nname: {name}\nnetworks:\n  - name: n0\nvms:\n");
        for (var v = 0; v < vms; v++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: v{v}\n    memory: 1M\n    interfaces:\n");
            for (var i = 0; i < interfaces; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"      - {{id: {i}, network: n0}}\n");
            }
        }

        return text.ToString();
    }

    private static string DeepNesting(Random random, string name)
    {
        var depth = random.Next(3) switch { 0 => 100, 1 => 10_000, _ => 100_000 };
        return random.Next(2) == 0
            ? $"nines: 1\nname: {name}\nvms: {new string('[', depth)}{new string(']', depth)}\n"
            : $"nines: 1\nname: {name}\nvms: {string.Concat(Enumerable.Repeat("{a: ", depth))}1{new string('}', depth)}\n";
    }

    private static string RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 4096)];
        random.NextBytes(bytes);
        return Encoding.Latin1.GetString(bytes);
    }

    private static string Mutate(Random random, string text)
    {
        var characters = text.ToCharArray();
        for (var i = random.Next(1, 8); i > 0; i--)
        {
            characters[random.Next(characters.Length)] = "{}[]:-#&*!|>'\"%@` \t\n0\u0000"[random.Next(21)];
        }

        return new string(characters);
    }

    private static string Vnuml(Random random, string name)
    {
        var ifId = Pick(random, _vnumlIds);
        var mem = Pick(random, _memories);
        var vlan = Pick(random, _vlans);
        return random.Next(3) switch
        {
            0 => $"""<?xml version="1.0"?><vnuml><global><version>1.8</version><simulation_name>{name}</simulation_name></global><net name="n0" mode="virtual_bridge" vlan="{vlan}"/><vm name="v1"><mem>{mem}</mem><if id="{ifId}" net="n0"><ipv4 mask="255.255.255.0">10.9.0.2</ipv4></if></vm></vnuml>""",
            1 => $"""<?xml version="1.0"?><vnuml><global><version>1.8</version><simulation_name>{name}</simulation_name><automac offset="{Pick(random, _offsets)}"/></global><net name="n0" mode="virtual_bridge"/><vm name="v1"><if id="{ifId}" net="n0"/><exec seq="s" type="verbatim">{new string('x', random.Next(1, 100_000))}</exec></vm></vnuml>""",
            _ => $"""<?xml version="1.0"?><!DOCTYPE vnuml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><vnuml><global><version>1.8</version><simulation_name>{name}&b;</simulation_name></global><vm name="v1"><if id="{ifId}" net="missing"/></vm></vnuml>""",
        };
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
