using System.Collections.Frozen;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Vnuml;

/// <summary>The closed value sets of VNUML attributes, as the DTD spells them, mapped to the model.</summary>
internal static class VnumlChoices
{
    public static readonly FrozenDictionary<string, NetworkMode> NetworkModes = Map(
        ("virtual_bridge", NetworkMode.VirtualBridge), ("uml_switch", NetworkMode.UmlSwitch));

    public static readonly FrozenDictionary<string, NetworkType> NetworkTypes = Map(
        ("lan", NetworkType.Lan), ("ppp", NetworkType.Ppp));

    public static readonly FrozenDictionary<string, bool> YesNo = Map(("yes", true), ("no", false));

    public static readonly FrozenDictionary<string, bool> Scopes = Map(("shared", true), ("no-shared", false));

    public static readonly FrozenDictionary<string, FilesystemType> FilesystemTypes = Map(
        ("direct", FilesystemType.Direct), ("cow", FilesystemType.Cow), ("hostfs", FilesystemType.HostFs));

    public static readonly FrozenDictionary<string, IpFamily> Families = Map(
        ("ipv4", IpFamily.Ipv4), ("ipv6", IpFamily.Ipv6));

    public static readonly FrozenDictionary<string, Forwarding> ForwardingTypes = Map(
        ("ip", Forwarding.Ip), ("ipv4", Forwarding.Ipv4), ("ipv6", Forwarding.Ipv6));

    public static readonly FrozenDictionary<string, ExecType> ExecTypes = Map(
        ("verbatim", ExecType.Verbatim), ("file", ExecType.File));

    /// <summary>Per-command modes (<c>exec mode</c>).</summary>
    public static readonly FrozenDictionary<string, string> ExecModes = Same(
        "mconsole", "net", "pts", "system", "processn", "processy");

    /// <summary>
    /// Per-VM modes (<c>vm exec_mode</c>). The DTD spells the console mode <c>pst</c>, the per-command one
    /// <c>pts</c>; both are accepted here and kept as written.
    /// </summary>
    public static readonly FrozenDictionary<string, string> VmExecModes = Same("net", "mconsole", "pst", "pts");

    public static readonly FrozenDictionary<string, string> ManagementTypes = Same("private", "net", "none");

    /// <summary>The choices as prose: <c>a, b or c</c>.</summary>
    public static string Describe<T>(FrozenDictionary<string, T> choices)
    {
        var keys = choices.Keys.Order(StringComparer.Ordinal).ToArray();
        return keys.Length == 1 ? keys[0] : $"{string.Join(", ", keys[..^1])} or {keys[^1]}";
    }

    private static FrozenDictionary<string, T> Map<T>(params (string Key, T Value)[] pairs) =>
        pairs.ToFrozenDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static FrozenDictionary<string, string> Same(params string[] values) =>
        values.ToFrozenDictionary(v => v, v => v, StringComparer.Ordinal);
}
