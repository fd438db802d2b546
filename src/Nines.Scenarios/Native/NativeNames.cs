using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Native;

/// <summary>The native spelling of every enumerated value in the scenario model.</summary>
internal static class NativeNames
{
    /// <summary>The format version this reader and writer speak (<c>nines: 1</c>).</summary>
    public const int FormatVersion = 1;

    public static readonly NativeNameTable<NetworkMode> NetworkModes = new(
        "network mode",
        (NetworkMode.VirtualBridge, "virtual_bridge"),
        (NetworkMode.UmlSwitch, "uml_switch"));

    public static readonly NativeNameTable<NetworkType> NetworkTypes = new(
        "network type",
        (NetworkType.Lan, "lan"),
        (NetworkType.Ppp, "ppp"));

    public static readonly NativeNameTable<FilesystemType> FilesystemTypes = new(
        "filesystem type",
        (FilesystemType.Direct, "direct"),
        (FilesystemType.Cow, "cow"),
        (FilesystemType.HostFs, "hostfs"));

    public static readonly NativeNameTable<Forwarding> Forwardings = new(
        "forwarding",
        (Forwarding.Ip, "ip"),
        (Forwarding.Ipv4, "ipv4"),
        (Forwarding.Ipv6, "ipv6"));

    public static readonly NativeNameTable<ExecType> ExecTypes = new(
        "exec type",
        (ExecType.Verbatim, "verbatim"),
        (ExecType.File, "file"));

    public static readonly NativeNameTable<IpFamily> IpFamilies = new(
        "IP family",
        (IpFamily.Ipv4, "ipv4"),
        (IpFamily.Ipv6, "ipv6"));

    public static readonly NativeNameTable<RedundancyModel> RedundancyModels = new(
        "redundancy model",
        (RedundancyModel.None, "none"),
        (RedundancyModel.TwoN, "2N"),
        (RedundancyModel.NPlusM, "N+M"),
        (RedundancyModel.NWayActive, "N-way-active"));

    public static readonly NativeNameTable<PlacementRuleKind> PlacementRuleKinds = new(
        "placement rule",
        (PlacementRuleKind.NetworkAt, "network_at"),
        (PlacementRuleKind.VmAt, "vm_at"),
        (PlacementRuleKind.Affinity, "affinity"),
        (PlacementRuleKind.NetworkTogether, "network_together"),
        (PlacementRuleKind.AntiAffinity, "anti_affinity"));

    /// <summary>VNUML's management network types (<c>vm_mgmt type</c>), kept as strings in the model.</summary>
    public static readonly NativeNameTable<string> ManagementNetworks = new(
        "management network",
        ("none", "none"),
        ("private", "private"),
        ("net", "net"));
}
