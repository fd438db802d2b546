using System.Xml.Linq;
using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Validation;
using Nines.Scenarios.Values;
using Nines.Scenarios.Xml;

namespace Nines.Scenarios.Ovf;

/// <summary>
/// One pass over one envelope: the envelope-level sections (References, DiskSection, NetworkSection,
/// DeploymentOptionSection) are read first because the VirtualSystems refer to them by id.
/// </summary>
internal sealed partial class OvfEnvelopeReader
{
    private readonly string _file;
    private readonly DiagnosticBag _diagnostics = new();
    private readonly SourceMap _map;
    private readonly Dictionary<string, OvfFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DiskSpec> _disks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _networkNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _configurationIds = new(StringComparer.Ordinal);
    private XNamespace _ovf = OvfNames.Envelope1;
    private string? _selected;

    public OvfEnvelopeReader(string file)
    {
        _file = file;
        _map = new SourceMap(file);
    }

    public ParseResult<OvfImport> Read(string text, string? configuration)
    {
        var document = SafeXml.Load(text, _file, _diagnostics, OvfCodes.MalformedXml);
        if (document?.Root is not { } root)
        {
            return ParseResult<OvfImport>.From(null, _diagnostics);
        }

        if (root.Name.LocalName != "Envelope" || !OvfNames.IsEnvelopeNamespace(root.Name.Namespace))
        {
            var ns = root.Name.NamespaceName.Length == 0 ? "no namespace" : $"namespace \"{root.Name.NamespaceName}\"";
            Error(OvfCodes.NotAnEnvelope, root, null,
                $"root element <{root.Name.LocalName}> in {ns} is not an OVF envelope (expected <Envelope> in namespace \"{OvfNames.Envelope1.NamespaceName}\" for OVF 1.x or \"{OvfNames.Envelope2.NamespaceName}\" for OVF 2.0)");
            return ParseResult<OvfImport>.From(null, _diagnostics);
        }

        _ovf = root.Name.Namespace;
        ReadReferences(root);
        ReadDisks(root);
        var networks = ReadNetworks(root);
        var configurations = ReadConfigurations(root, configuration);
        var scenario = ReadContent(root, networks);
        if (scenario is null)
        {
            return ParseResult<OvfImport>.From(null, _diagnostics);
        }

        ScenarioValidator.Validate(scenario, _map, _diagnostics);
        var import = new OvfImport(new ScenarioDocument(scenario, _map), configurations, _selected);
        return ParseResult<OvfImport>.From(import, _diagnostics);
    }

    // The Content element is one VirtualSystem or a VirtualSystemCollection (which may nest further).
    private Scenario? ReadContent(XElement root, ValueList<NetworkSpec> networks)
    {
        var content = root.Elements().FirstOrDefault(e => e.Name == _ovf + "VirtualSystem" || e.Name == _ovf + "VirtualSystemCollection");
        if (content is null)
        {
            Error(OvfCodes.NoVirtualSystem, root, null, "the envelope holds no VirtualSystem or VirtualSystemCollection (expected at least one virtual machine)");
            return null;
        }

        var systems = content.Name.LocalName == "VirtualSystem"
            ? [content]
            : content.Descendants(_ovf + "VirtualSystem").ToList();
        if (systems.Count == 0)
        {
            Error(OvfCodes.NoVirtualSystem, content, null, "the VirtualSystemCollection holds no VirtualSystem (expected at least one virtual machine)");
        }

        var vms = systems.Select(ReadVirtualSystem).OfType<VmSpec>().ToList();
        var name = Attribute(content, "id") ?? NameElement(content);
        if (name is null)
        {
            Error(OvfCodes.MissingValue, content, $"{content.Name.LocalName}/id",
                $"{content.Name.LocalName} has no ovf:id (expected the id that names the scenario)");
            return null;
        }

        return new Scenario(name, Networks: networks, Vms: ValueList.From(vms));
    }

    private VmSpec? ReadVirtualSystem(XElement system)
    {
        // ovf:id is required by OVF; the human-readable Name only stands in for a descriptor that omits it.
        var name = Attribute(system, "id") ?? NameElement(system);
        if (name is null)
        {
            Error(OvfCodes.MissingValue, system, "VirtualSystem/id", "VirtualSystem has no ovf:id and no Name (expected an id to name the VM)");
            return null;
        }

        var hardware = ReadHardware(system, name);
        var vm = new VmSpec(
            name,
            Type: "ovf",
            MemoryKiB: hardware.MemoryKiB,
            Vcpus: hardware.Vcpus,
            Disks: ValueList.From(hardware.Disks),
            Interfaces: ValueList.From(hardware.Interfaces),
            Properties: ReadProperties(system, name));
        _map.Record(vm, Locate(system));
        return vm;
    }

    private string? NameElement(XElement element) => Text(element.Element(_ovf + "Name"));

    /// <summary>An OVF attribute: namespace-qualified as the standard requires, or unqualified as some tools write it.</summary>
    private string? Attribute(XElement element, string name)
    {
        var attribute = element.Attribute(_ovf + name) ?? element.Attribute(name);
        return attribute is null || string.IsNullOrWhiteSpace(attribute.Value) ? null : attribute.Value.Trim();
    }

    private XObject AttributeNode(XElement element, string name) =>
        (XObject?)element.Attribute(_ovf + name) ?? (XObject?)element.Attribute(name) ?? element;

    private static string? Text(XElement? element) =>
        element is null || string.IsNullOrWhiteSpace(element.Value) ? null : element.Value.Trim();

    private static bool IsTrue(string? value) => value is "true" or "1";

    /// <summary>Parses a non-negative integer; on failure reports it at <paramref name="node"/> and returns null.</summary>
    private long? ParseCount(string text, XObject node, string field, string what)
    {
        if (DecimalText.TryParseNatural(text.Trim(), out long value))
        {
            return value;
        }

        Error(OvfCodes.BadNumber, node, field, $"{what} \"{text.Trim()}\" is not a number (expected a non-negative integer)");
        return null;
    }

    private SourceLocation Locate(XObject node) => SafeXml.Locate(node, _file);

    private void Error(string code, XObject node, string? field, string message) =>
        _diagnostics.Error(code, Locate(node), field, message);

    /// <summary>A References/File entry: where the bytes are and how many there are.</summary>
    private sealed record OvfFile(string Href, long? Size);
}
