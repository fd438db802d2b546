using System.Globalization;
using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;
using Nines.Scenarios.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nines.Scenarios.Clusters;

/// <summary>Maps the YAML representation model of a native cluster file to a <see cref="ClusterSpec"/>, by hand, with positions.</summary>
internal sealed partial class NativeClusterMapper
{
    private static readonly string[] _rootKeys = ["vlans", "default_algorithm", "management_network", "hosts"];
    private static readonly string[] _vlanKeys = ["first", "last"];
    private static readonly string[] _hostKeys = ["name", "address", "memory", "cpu", "max_vms", "vcpus", "trunk", "load"];

    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly SourceMap _map;

    public NativeClusterMapper(string file, DiagnosticBag diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
        _map = new SourceMap(file);
    }

    public ClusterDocument? Read(string text)
    {
        if (Load(text) is not { } root)
        {
            return null;
        }

        if (Mapping(root, "cluster", _rootKeys) is not { } settings)
        {
            return null;
        }

        var vlans = settings.TryGetValue("vlans", out var vlanNode) ? ReadVlans(vlanNode) : MissingKey<VlanRange>(root, "vlans", "a mapping with first and last VLAN ids");
        var algorithm = settings.TryGetValue("default_algorithm", out var algorithmNode) ? OptionalString(algorithmNode, "default_algorithm") : null;
        var (network, prefix) = settings.TryGetValue("management_network", out var managementNode) ? ReadManagement(managementNode) : (null, null);
        var hosts = settings.TryGetValue("hosts", out var hostsNode) ? ReadHosts(hostsNode) : MissingKey<List<HostSpec>>(root, "hosts", "a list of hosts");
        if (vlans is null || hosts is null)
        {
            return null;
        }

        return new ClusterDocument(new ClusterSpec(ValueList.From(hosts), vlans, algorithm, network, prefix), _map);
    }

    private YamlNode? Load(string text)
    {
        if (YamlDepth.FirstTooDeep(text) is { } deep)
        {
            _diagnostics.Error(ClusterCodes.YamlSyntax, YamlNodes.Locate(_file, deep), null, YamlDepth.Message);
            return null;
        }

        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            _diagnostics.Error(ClusterCodes.YamlSyntax, YamlNodes.Locate(_file, ex.Start), null, YamlNodes.Describe(ex));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some truncated flow collections; the last event parsed
            // is the best position there is.
            var location = parser.Current is { } last ? YamlNodes.Locate(_file, last.End) : SourceLocation.OfFile(_file);
            _diagnostics.Error(ClusterCodes.YamlSyntax, location, null, "the YAML is malformed after this point (an unclosed { or [?)");
            return null;
        }

        if (stream.Documents.Count != 1)
        {
            var what = stream.Documents.Count == 0 ? "the file holds no YAML document" : $"the file holds {stream.Documents.Count} YAML documents";
            _diagnostics.Error(ClusterCodes.WrongShape, SourceLocation.OfFile(_file), null, $"{what} (expected one mapping with vlans and hosts)");
            return null;
        }

        return stream.Documents[0].RootNode;
    }

    private VlanRange? ReadVlans(YamlNode node)
    {
        if (Mapping(node, "vlans", _vlanKeys) is not { } vlans)
        {
            return null;
        }

        var first = vlans.TryGetValue("first", out var firstNode) ? VlanId(firstNode, "vlans.first") : MissingKey<int?>(node, "vlans.first", "the first VLAN id of the range");
        var last = vlans.TryGetValue("last", out var lastNode) ? VlanId(lastNode, "vlans.last") : MissingKey<int?>(node, "vlans.last", "the last VLAN id of the range");
        if (first is null || last is null)
        {
            return null;
        }

        if (first > last)
        {
            _diagnostics.Error(ClusterCodes.BadVlanRange, Locate(node), "vlans", $"VLAN range {first}-{last} is empty (expected first <= last)");
            return null;
        }

        return new VlanRange(first.Value, last.Value);
    }

    private int? VlanId(YamlNode node, string field)
    {
        var value = Integer(node, field, "a VLAN id", int.MinValue);
        if (value is < VlanRange.MinId or > VlanRange.MaxId)
        {
            _diagnostics.Error(ClusterCodes.BadVlanRange, Locate(node), field, $"VLAN id {value} is out of range (expected {VlanRange.MinId} to {VlanRange.MaxId})");
            return null;
        }

        return value;
    }

    // "10.250.0.0/16", or an address alone when the prefix is not known.
    private (string? Network, int? Prefix) ReadManagement(YamlNode node)
    {
        if (OptionalString(node, "management_network") is not { } text)
        {
            return (null, null);
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? text : text[..slash];
        int? prefix = null;
        var valid = IpAddressText.IsIpv4(address);
        if (valid && slash >= 0)
        {
            valid = IpAddressText.TryParsePrefixLength(text[(slash + 1)..], 32, out var length);
            prefix = length;
        }

        if (!valid)
        {
            _diagnostics.Error(ClusterCodes.BadValue, Locate(node), "management_network", $"management_network \"{text}\" is not an IPv4 network (expected e.g. 10.250.0.0/16)");
            return (null, null);
        }

        return (address, prefix);
    }

    private List<HostSpec>? ReadHosts(YamlNode node)
    {
        if (node is not YamlSequenceNode sequence)
        {
            WrongShape(node, "hosts", "a list of hosts");
            return null;
        }

        if (sequence.Children.Count == 0)
        {
            _diagnostics.Error(ClusterCodes.NoHosts, Locate(node), "hosts", "hosts is empty (expected at least one host)");
            return null;
        }

        var hosts = new List<HostSpec>();
        var names = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (ReadHost(sequence.Children[i], $"hosts[{i}]") is not { } host)
            {
                continue;
            }

            var location = Locate(sequence.Children[i]);
            if (!names.TryAdd(host.Name, location))
            {
                _diagnostics.Error(ClusterCodes.Duplicate, location, $"hosts[{i}].name",
                    $"host \"{host.Name}\" is listed twice (first at line {names[host.Name].Line}; expected unique names)");
                continue;
            }

            _map.Record(host, location);
            hosts.Add(host);
        }

        return hosts;
    }

    private HostSpec? ReadHost(YamlNode node, string field)
    {
        if (Mapping(node, field, _hostKeys) is not { } values)
        {
            return null;
        }

        string? name = null;
        if (!values.TryGetValue("name", out var nameNode))
        {
            MissingKey<string>(node, $"{field}.name", "the host's name");
        }
        else if ((name = OptionalString(nameNode, $"{field}.name")) is null && nameNode is YamlScalarNode)
        {
            _diagnostics.Error(ClusterCodes.Missing, Locate(nameNode), $"{field}.name", $"{field}.name is empty (expected the host's name)");
        }

        var memory = values.TryGetValue("memory", out var memoryNode) ? Memory(memoryNode, $"{field}.memory") : MissingKey<long?>(node, $"{field}.memory", "the host's memory, e.g. 8G");
        var cpu = values.TryGetValue("cpu", out var cpuNode) ? Integer(cpuNode, $"{field}.cpu", "a positive relative speed in percent", 1) : 100;
        var maxVms = values.TryGetValue("max_vms", out var maxNode) ? Integer(maxNode, $"{field}.max_vms", "a number of VMs, 0 for unlimited", 0) : 0;
        var vcpus = values.TryGetValue("vcpus", out var vcpuNode) ? Integer(vcpuNode, $"{field}.vcpus", "a positive number of vCPUs", 1) : null;
        var load = values.TryGetValue("load", out var loadNode) ? Load(loadNode, $"{field}.load") : 0;
        var vcpusInvalid = vcpuNode is not null && vcpus is null;
        if (name is null || memory is null || cpu is null || maxVms is null || load is null || vcpusInvalid)
        {
            return null;
        }

        return new HostSpec(
            name,
            values.TryGetValue("address", out var addressNode) ? OptionalString(addressNode, $"{field}.address") : null,
            memory.Value,
            cpu.Value,
            maxVms.Value,
            values.TryGetValue("trunk", out var trunkNode) ? OptionalString(trunkNode, $"{field}.trunk") : null,
            load.Value,
            vcpus);
    }

    private long? Memory(YamlNode node, string field)
    {
        if (Scalar(node, field, "a size such as 8G") is not { } text)
        {
            return null;
        }

        if (!SizeText.TryParse(text, SizeText.MiB, out var mib) || mib == 0)
        {
            _diagnostics.Error(ClusterCodes.BadValue, Locate(node), field, $"memory \"{text}\" is not a size (expected e.g. 8G, 4096M or a positive number of MiB)");
            return null;
        }

        return mib;
    }

    private double? Load(YamlNode node, string field)
    {
        if (Scalar(node, field, "a number from 0 to 1") is not { } text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) || load is < 0 or > 1 || double.IsNaN(load))
        {
            _diagnostics.Error(ClusterCodes.BadValue, Locate(node), field, $"load \"{text}\" is not a number from 0 to 1 (expected 0 for idle up to 1 for fully loaded)");
            return null;
        }

        return load;
    }
}
