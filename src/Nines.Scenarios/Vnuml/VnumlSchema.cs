using System.Collections.Frozen;

namespace Nines.Scenarios.Vnuml;

/// <summary>
/// What the VNUML 1.91 DTD (a superset of 1.8) allows where, and which of it Nines acts on. Used to tell
/// an unknown element (a warning) from a known one in the wrong place (an error), and to flag attributes
/// that have no effect. Element order is deliberately not enforced: real files do not always follow it.
/// </summary>
internal static class VnumlSchema
{
    /// <summary>Every element the DTD defines.</summary>
    public static readonly FrozenSet<string> Elements = FrozenSet.ToFrozenSet(
    [
        "vnuml", "global", "vm_defaults", "extension", "net", "vm", "host", "version", "simulation_name",
        "scenario_name", "ssh_version", "ssh_key", "automac", "netconfig", "vm_mgmt", "mgmt_net", "host_mapping",
        "shell", "tun_device", "basedir", "bw", "filesystem", "mem", "kernel", "mng_if", "console", "if", "route",
        "forwarding", "user", "group", "filetree", "exec", "hostif", "mac", "ipv4", "ipv6", "physicalif", "xterm",
    ], StringComparer.Ordinal);

    /// <summary>Children VNUML allows but Nines does not use, per parent: they draw a warning, not an error.</summary>
    public static readonly FrozenDictionary<string, FrozenSet<string>> IgnoredChildren =
        new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal)
        {
            ["global"] = Set("ssh_version", "ssh_key", "netconfig", "tun_device", "extension"),
            ["vm_mgmt"] = Set("mgmt_net", "host_mapping"),
            ["vm_defaults"] = Set("mng_if", "xterm"),
            ["vm"] = Set("mng_if", "xterm"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Attributes Nines reads, per element.</summary>
    public static readonly FrozenDictionary<string, FrozenSet<string>> Attributes =
        new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal)
        {
            ["vm_defaults"] = Set("exec_mode"),
            ["net"] = Set("name", "mode", "sock", "type", "external", "vlan", "hub", "scope"),
            ["vm"] = Set("name", "type", "subtype", "os", "order", "exec_mode"),
            ["automac"] = Set("offset"),
            ["vm_mgmt"] = Set("type"),
            ["filesystem"] = Set("type"),
            ["kernel"] = Set("initrd", "root", "modules"),
            ["console"] = Set("id"),
            ["if"] = Set("id", "net"),
            ["route"] = Set("type", "gw"),
            ["forwarding"] = Set("type"),
            ["user"] = Set("username", "group"),
            ["filetree"] = Set("root", "seq", "user"),
            ["exec"] = Set("type", "seq", "mode", "gui", "user"),
            ["hostif"] = Set("net"),
            ["ipv4"] = Set("mask"),
            ["ipv6"] = Set("mask"),
            ["physicalif"] = Set("name", "type", "ip", "mask", "gw"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Attributes the DTD defines that Nines does not act on, per element.</summary>
    public static readonly FrozenDictionary<string, FrozenSet<string>> IgnoredAttributes =
        new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal)
        {
            ["net"] = Set("uml_switch_binary", "capture_file", "capture_expression", "capture_dev"),
            ["kernel"] = Set("devfs", "trace"),
            ["vm_mgmt"] = Set("network", "mask", "offset"),
            ["extension"] = Set("plugin", "conf"),
            ["netconfig"] = Set("stp", "promisc"),
            ["mgmt_net"] = Set("sock", "hostip", "autoconfigure"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The VNUML versions whose files Nines has been checked against.</summary>
    public static readonly FrozenSet<string> KnownVersions = Set("1.8", "1.9", "1.91", "1.92");

    public static bool IsIgnoredChild(string parent, string child) =>
        IgnoredChildren.TryGetValue(parent, out var set) && set.Contains(child);

    private static FrozenSet<string> Set(params string[] names) => names.ToFrozenSet(StringComparer.Ordinal);
}
