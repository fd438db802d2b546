using Nines.Domain.Scenarios;

namespace Nines.Networking.Tests.Support;

/// <summary>
/// The cross-host scenario: Net0 spans h1/h2/h3, Net1 spans h1/h2. Both networks use one subnet, so only the
/// VLAN keeps c1/c2 (Net1) from a1/a2/a3 (Net0): a ping between them can only succeed if the VLANs leak.
/// </summary>
internal static class CrossHostScenarios
{
    public static Scenario Spanning(string name, params (string Vm, string Network, string Address)[] vms) => new(
        name,
        Networks: [new NetworkSpec("Net0"), new NetworkSpec("Net1")],
        Vms: [.. vms.Select(v => new VmSpec(v.Vm, Interfaces: [new InterfaceSpec(0, v.Network, Ipv4: [new IpAddressSpec(v.Address, 24)])]))]);

    /// <summary>a1/a2/a3 on Net0 (10.0.0.1-3, hosts 0-2), a4 next to a1 (10.0.0.4, host 0), c1/c2 on Net1 (10.0.0.101-102, hosts 0-1).</summary>
    public static Scenario First { get; } = Spanning(
        "lab",
        ("a1", "Net0", "10.0.0.1"),
        ("a2", "Net0", "10.0.0.2"),
        ("a3", "Net0", "10.0.0.3"),
        ("a4", "Net0", "10.0.0.4"),
        ("c1", "Net1", "10.0.0.101"),
        ("c2", "Net1", "10.0.0.102"));

    public static Dictionary<string, int> FirstPlacement { get; } = new(StringComparer.Ordinal)
    {
        ["a1"] = 0,
        ["a2"] = 1,
        ["a3"] = 2,
        ["a4"] = 0,
        ["c1"] = 0,
        ["c2"] = 1,
    };

    public static Dictionary<string, int> FirstVlans { get; } = new(StringComparer.Ordinal) { ["Net0"] = 100, ["Net1"] = 101 };

    /// <summary>The same file deployed again: its Net0 (b1/b2 on hosts 0-1, 10.0.0.11-12) gets VLAN 102.</summary>
    public static Scenario Second { get; } = Spanning("lab", ("b1", "Net0", "10.0.0.11"), ("b2", "Net0", "10.0.0.12"));

    public static Dictionary<string, int> SecondPlacement { get; } = new(StringComparer.Ordinal) { ["b1"] = 0, ["b2"] = 1 };

    public static Dictionary<string, int> SecondVlans { get; } = new(StringComparer.Ordinal) { ["Net0"] = 102 };
}
