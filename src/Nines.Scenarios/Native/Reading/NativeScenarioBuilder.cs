using System.Globalization;
using Nines.Domain.Scenarios;
using YamlDotNet.RepresentationModel;

namespace Nines.Scenarios.Native.Reading;

/// <summary>
/// Maps the YAML node tree of a native file onto the scenario model, key by key, recording where each
/// object was written. The partial files split it by section of the schema.
/// </summary>
internal sealed partial class NativeScenarioBuilder(NativeReadContext context)
{
    private static readonly string[] _scenarioKeys =
    [
        "nines", "name", "version", "tenant", "automac", "management", "defaults", "networks", "vms", "host",
        "redundancy_groups", "placement",
    ];

    private static readonly string[] _autoMacKeys = ["offset"];

    private readonly NativeReadContext _context = context;

    /// <summary>The scenario, or null when a mistake left nothing to build (all mistakes are reported either way).</summary>
    public Scenario? Build(YamlNode root)
    {
        if (_context.Mapping(root, string.Empty, "a native scenario", _scenarioKeys) is not { } m)
        {
            return null;
        }

        if (!CheckFormatVersion(m))
        {
            return null;
        }

        var name = m.RequiredString("name");
        var scenario = new Scenario(
            name ?? string.Empty,
            Version: m.String("version"),
            Tenant: m.String("tenant"),
            AutoMac: m.Read("automac", AutoMac),
            ManagementNetwork: m.Read("management", (node, path) => _context.Name(node, path, NativeNames.ManagementNetworks)),
            Defaults: m.Read("defaults", Defaults),
            Networks: m.List("networks", Network),
            Vms: m.List("vms", Vm),
            Host: m.Read("host", Host),
            RedundancyGroups: m.List("redundancy_groups", RedundancyGroup),
            PlacementRules: m.List("placement", Placement));
        return _context.Record(scenario, root);
    }

    /// <summary>
    /// A missing version is reported and reading goes on (the rest may still be useful to check);
    /// an unknown version stops, since its keys would mean something else.
    /// </summary>
    private bool CheckFormatVersion(NativeMapping m)
    {
        if (m.Get("nines") is not { } node)
        {
            _context.Error(NativeDiagnosticCodes.FormatVersion, m.Node, "nines",
                $"missing the format version: a native scenario starts with \"nines: {NativeNames.FormatVersion}\"");
            return true;
        }

        var text = (node as YamlScalarNode)?.Value;
        if (text == NativeNames.FormatVersion.ToString(CultureInfo.InvariantCulture))
        {
            return true;
        }

        _context.Error(NativeDiagnosticCodes.FormatVersion, node, "nines",
            $"unsupported format version {(text is null ? NativeReadContext.Describe(node) : $"\"{text}\"")} (this reader knows version {NativeNames.FormatVersion})");
        return false;
    }

    private AutoMacSpec? AutoMac(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "automac", _autoMacKeys) is not { } m)
        {
            return null;
        }

        return new AutoMacSpec(m.Int("offset", 0) ?? 0);
    }
}
