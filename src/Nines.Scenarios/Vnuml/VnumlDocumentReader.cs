using System.Xml.Linq;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Validation;

namespace Nines.Scenarios.Vnuml;

/// <summary>
/// One pass over one VNUML document: builds the <see cref="Scenario"/> and its <see cref="SourceMap"/>,
/// reporting every problem on the way. A part with a bad value is still built (with the default) when it
/// has a name, so references to it resolve and one mistake does not cascade into many.
/// </summary>
internal sealed partial class VnumlDocumentReader
{
    private readonly string _file;
    private readonly DiagnosticBag _bag;
    private readonly SourceMap _map;

    public VnumlDocumentReader(string file, DiagnosticBag bag)
    {
        _file = file;
        _bag = bag;
        _map = new SourceMap(file);
    }

    /// <summary>Reads <paramref name="text"/>; null when the document is unusable (the reason is in the bag).</summary>
    public ScenarioDocument? Read(string text)
    {
        if (text.TrimStart('\uFEFF').Trim().Length == 0)
        {
            _bag.Error(
                VnumlDiagnosticCodes.EmptyDocument,
                new SourceLocation(_file, 1, 1),
                null,
                "the file is empty (expected a VNUML document with a <vnuml> root element)");
            return null;
        }

        if (LoadXml(text)?.Root is not { } root)
        {
            return null;
        }

        if (root.Name != "vnuml")
        {
            _bag.Error(VnumlDiagnosticCodes.WrongRoot, At(root), null, WrongRootMessage(root.Name));
            return null;
        }

        CheckAttributes(root, string.Empty);
        var scenario = ReadScenario(root);
        _map.Record(scenario, At(root));
        ScenarioValidator.Validate(scenario, _map, _bag);
        return new ScenarioDocument(scenario, _map);
    }

    private static string WrongRootMessage(XName name)
    {
        const string Supported = "Nines reads VNUML 1.8/1.91 (<vnuml>), native YAML and OVF";
        var shown = name.Namespace == XNamespace.None ? name.LocalName : $"{name.LocalName} xmlns=\"{name.NamespaceName}\"";
        var what = name.LocalName switch
        {
            "vnx" => "this is a VNX file, not VNUML",
            "deployment_restrictions" => "this is an EDIV restrictions file, not a scenario (read it as restrictions)",
            "Envelope" => "this looks like an OVF descriptor (read it as OVF)",
            _ => "expected <vnuml>",
        };
        return $"root element is <{shown}>: {what}; {Supported}";
    }

    private Scenario ReadScenario(XElement root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var networks = new List<NetworkSpec>();
        var vms = new List<VmSpec>();
        XElement? global = null;
        HostSection? host = null;
        foreach (var child in root.Elements())
        {
            switch (NameOf(child))
            {
                case "global":
                    if (First(seen, child, "vnuml", VnumlScope.Root))
                    {
                        global = child;
                    }

                    break;
                case "net":
                    AddIfRead(networks, ReadNetwork(child));
                    break;
                case "vm":
                    AddIfRead(vms, ReadVm(child, vms.Count));
                    break;
                case "host":
                    if (First(seen, child, "vnuml", VnumlScope.Root))
                    {
                        host = ReadHost(child);
                    }

                    break;
                default:
                    Unexpected(child, "vnuml", VnumlScope.Root);
                    break;
            }
        }

        var settings = global is null ? MissingGlobal(root) : ReadGlobal(global);
        return new Scenario(
            settings.Name ?? string.Empty,
            Version: settings.Version,
            AutoMac: settings.AutoMac,
            ManagementNetwork: settings.ManagementNetwork,
            Defaults: settings.Defaults,
            Networks: networks,
            Vms: vms,
            Host: host);
    }

    private GlobalSettings MissingGlobal(XElement root)
    {
        _bag.Error(
            VnumlDiagnosticCodes.MissingElement,
            At(root),
            "global",
            "<vnuml> has no <global> (expected <global> with <version> and <scenario_name> or <simulation_name>)");
        return new GlobalSettings();
    }

    private static void AddIfRead<T>(List<T> list, T? item)
        where T : class
    {
        if (item is not null)
        {
            list.Add(item);
        }
    }

    /// <summary>What <c>&lt;global&gt;</c> contributes to the scenario.</summary>
    private sealed record GlobalSettings(
        string? Name = null,
        string? Version = null,
        AutoMacSpec? AutoMac = null,
        string? ManagementNetwork = null,
        VmDefaults? Defaults = null);
}
