using System.Globalization;
using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;

namespace Nines.Scenarios.Clusters;

/// <summary>Turns the sections of a cluster.conf into a <see cref="ClusterSpec"/>, checking what EDIV assumes.</summary>
internal sealed class EdivClusterConfMapper
{
    private static readonly string[] _vlanKeys = ["first", "last"];
    private static readonly string[] _clusterKeys = ["host", "default_segmentation", "mgmt_network", "mgmt_network_mask"];
    private static readonly string[] _hostKeys = ["host_name", "mem", "cpu", "max_vms", "if_name"];

    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly SourceMap _map;

    public EdivClusterConfMapper(string file, DiagnosticBag diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
        _map = new SourceMap(file);
    }

    public ClusterDocument? Map(IReadOnlyList<IniSection> sections)
    {
        var byName = sections.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var vlans = ReadVlans(byName.GetValueOrDefault("vlan"));
        var cluster = byName.GetValueOrDefault("cluster");
        if (cluster is null)
        {
            _diagnostics.Error(ClusterCodes.Missing, SourceLocation.OfFile(_file), "[cluster]", "there is no [cluster] section (expected one listing the hosts with host = lines)");
            return null;
        }

        var settings = Single(cluster, _clusterKeys, repeatable: "host");
        var hosts = ReadHosts(cluster, byName);
        foreach (var section in sections.Where(s => s.Name is not ("db" or "vlan" or "cluster") && !hosts.Listed.Contains(s.Name)))
        {
            _diagnostics.Warning(ClusterCodes.UnlistedHostSection, section.Location, $"[{section.Name}]",
                $"section [{section.Name}] describes a host the [cluster] section does not list (ignored; expected a host = {section.Name} line)");
        }

        var (network, prefix) = ReadManagement(settings);
        if (vlans is null)
        {
            return null;
        }

        var spec = new ClusterSpec(ValueList.From(hosts.Specs), vlans, settings.GetValueOrDefault("default_segmentation")?.Value, network, prefix);
        return new ClusterDocument(spec, _map);
    }

    private VlanRange? ReadVlans(IniSection? section)
    {
        if (section is null)
        {
            _diagnostics.Error(ClusterCodes.Missing, SourceLocation.OfFile(_file), "[vlan]", "there is no [vlan] section (expected one with first = and last = VLAN ids)");
            return null;
        }

        var entries = Single(section, _vlanKeys, repeatable: null);
        var first = VlanId(section, entries, "first");
        var last = VlanId(section, entries, "last");
        if (first is null || last is null)
        {
            return null;
        }

        if (first > last)
        {
            _diagnostics.Error(ClusterCodes.BadVlanRange, entries["first"].ValueLocation, "[vlan]/first",
                $"VLAN range {first}-{last} is empty (expected first <= last)");
            return null;
        }

        return new VlanRange(first.Value, last.Value);
    }

    private int? VlanId(IniSection section, Dictionary<string, IniEntry> entries, string key)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            _diagnostics.Error(ClusterCodes.Missing, section.Location, $"[vlan]/{key}", $"[vlan] has no {key} = line (expected the {key} VLAN id of the range)");
            return null;
        }

        var value = Integer(entry, "[vlan]", "a VLAN id");
        if (value is < VlanRange.MinId or > VlanRange.MaxId)
        {
            _diagnostics.Error(ClusterCodes.BadVlanRange, entry.ValueLocation, $"[vlan]/{key}",
                $"VLAN id {value} is out of range (expected {VlanRange.MinId} to {VlanRange.MaxId})");
            return null;
        }

        return value;
    }

    private (List<HostSpec> Specs, HashSet<string> Listed) ReadHosts(IniSection cluster, Dictionary<string, IniSection> byName)
    {
        var specs = new List<HostSpec>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in cluster.Entries.Where(e => e.Key == "host"))
        {
            if (entry.Value.Length == 0)
            {
                _diagnostics.Error(ClusterCodes.Missing, entry.ValueLocation, "[cluster]/host", "host = has no value (expected the name of a host section)");
                continue;
            }

            if (!listed.Add(entry.Value))
            {
                _diagnostics.Error(ClusterCodes.Duplicate, entry.ValueLocation, "[cluster]/host", $"host \"{entry.Value}\" is listed twice (expected each host once)");
                continue;
            }

            if (!byName.TryGetValue(entry.Value, out var section) || entry.Value is "db" or "vlan" or "cluster")
            {
                _diagnostics.Error(ClusterCodes.HostWithoutSection, entry.ValueLocation, "[cluster]/host",
                    $"host \"{entry.Value}\" is listed but has no [{entry.Value}] section (expected one with host_name, mem, cpu, max_vms and if_name)");
                continue;
            }

            if (ReadHost(section) is { } host)
            {
                specs.Add(host);
            }
        }

        if (listed.Count == 0)
        {
            _diagnostics.Error(ClusterCodes.NoHosts, cluster.Location, "[cluster]/host", "[cluster] lists no host (expected at least one host = line)");
        }

        return (specs, listed);
    }

    private HostSpec? ReadHost(IniSection section)
    {
        var field = $"[{section.Name}]";
        var entries = Single(section, _hostKeys, repeatable: null);
        if (!entries.TryGetValue("mem", out var memEntry))
        {
            _diagnostics.Error(ClusterCodes.Missing, section.Location, $"{field}/mem", $"{field} has no mem = line (expected the host's memory in MiB)");
        }

        var mem = memEntry is null ? null : Integer(memEntry, field, "a positive number of MiB", minimum: 1);
        var cpu = entries.TryGetValue("cpu", out var cpuEntry) ? Integer(cpuEntry, field, "a positive relative speed in percent", minimum: 1) : 100;
        var maxVms = entries.TryGetValue("max_vms", out var maxEntry) ? Integer(maxEntry, field, "a number of VMs, 0 for unlimited", minimum: 0) : 0;
        if (mem is null || cpu is null || maxVms is null)
        {
            return null;
        }

        var host = new HostSpec(
            section.Name,
            Address: NonEmpty(entries.GetValueOrDefault("host_name")),
            MemoryMiB: mem.Value,
            CpuSpeed: cpu.Value,
            MaxVms: maxVms.Value,
            TrunkInterface: NonEmpty(entries.GetValueOrDefault("if_name")));
        _map.Record(host, section.Location);
        return host;
    }

    private (string? Network, int? Prefix) ReadManagement(Dictionary<string, IniEntry> settings)
    {
        string? network = null;
        if (settings.TryGetValue("mgmt_network", out var networkEntry))
        {
            if (IpAddressText.IsIpv4(networkEntry.Value))
            {
                network = networkEntry.Value;
            }
            else
            {
                _diagnostics.Error(ClusterCodes.BadValue, networkEntry.ValueLocation, "[cluster]/mgmt_network",
                    $"mgmt_network \"{networkEntry.Value}\" is not an IPv4 address (expected e.g. 10.250.0.0)");
            }
        }

        int? prefix = null;
        if (settings.TryGetValue("mgmt_network_mask", out var maskEntry))
        {
            // EDIV writes the prefix length ("16"); a dotted netmask is accepted as well.
            if (IpAddressText.TryParseIpv4Mask(maskEntry.Value, allowSlash: false, out var length))
            {
                prefix = length;
            }
            else
            {
                _diagnostics.Error(ClusterCodes.BadValue, maskEntry.ValueLocation, "[cluster]/mgmt_network_mask",
                    $"mgmt_network_mask \"{maskEntry.Value}\" is not a prefix length or netmask (expected e.g. 16 or 255.255.0.0)");
            }
        }

        return (network, prefix);
    }

    /// <summary>
    /// The section's entries by key, reporting keys the section does not define (EDIV ignores them, so a
    /// warning) and keys given twice (an error: which one EDIV would use is not defined).
    /// </summary>
    private Dictionary<string, IniEntry> Single(IniSection section, string[] known, string? repeatable)
    {
        var entries = new Dictionary<string, IniEntry>(StringComparer.Ordinal);
        foreach (var entry in section.Entries)
        {
            var field = $"[{section.Name}]/{entry.Key}";
            if (!known.Contains(entry.Key, StringComparer.Ordinal))
            {
                _diagnostics.Warning(ClusterCodes.UnknownKey, entry.KeyLocation, field,
                    $"key \"{entry.Key}\" is not a [{section.Name}] setting and is ignored (expected one of: {string.Join(", ", known)})");
            }
            else if (entry.Key == repeatable)
            {
                continue;
            }
            else if (!entries.TryAdd(entry.Key, entry))
            {
                _diagnostics.Error(ClusterCodes.Duplicate, entry.KeyLocation, field,
                    $"key \"{entry.Key}\" appears twice in [{section.Name}] (first at line {entries[entry.Key].KeyLocation.Line}; expected it once)");
            }
        }

        return entries;
    }

    private int? Integer(IniEntry entry, string section, string expected, int minimum = int.MinValue)
    {
        var field = $"{section}/{entry.Key}";
        if (!int.TryParse(entry.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            _diagnostics.Error(ClusterCodes.NotAnInteger, entry.ValueLocation, field, $"{entry.Key} \"{entry.Value}\" is not a whole number (expected {expected})");
            return null;
        }

        if (value < minimum)
        {
            _diagnostics.Error(ClusterCodes.NotAnInteger, entry.ValueLocation, field, $"{entry.Key} {value} is out of range (expected {expected})");
            return null;
        }

        return value;
    }

    private static string? NonEmpty(IniEntry? entry) => entry is null || entry.Value.Length == 0 ? null : entry.Value;
}
