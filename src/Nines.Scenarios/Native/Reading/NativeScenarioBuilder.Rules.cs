using Nines.Domain.Scenarios;
using YamlDotNet.RepresentationModel;

namespace Nines.Scenarios.Native.Reading;

/// <summary>Redundancy groups and placement rules (native only).</summary>
internal sealed partial class NativeScenarioBuilder
{
    private static readonly string[] _redundancyGroupKeys = ["name", "model", "members", "actives", "standbys", "preferred_hosts"];
    private static readonly string[] _placementKeys = ["rule", "vms", "networks", "host", "hard"];

    private RedundancyGroupSpec? RedundancyGroup(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a redundancy group", _redundancyGroupKeys) is not { } m)
        {
            return null;
        }

        var group = new RedundancyGroupSpec(
            m.RequiredString("name") ?? string.Empty,
            m.RequiredEnum("model", NativeNames.RedundancyModels) ?? RedundancyModel.None,
            m.Strings("members"),
            m.Int("actives", 0),
            m.Int("standbys", 0),
            m.Strings("preferred_hosts"));
        return _context.Record(group, node);
    }

    private PlacementRule? Placement(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a placement rule", _placementKeys) is not { } m)
        {
            return null;
        }

        var rule = new PlacementRule(
            m.RequiredEnum("rule", NativeNames.PlacementRuleKinds) ?? PlacementRuleKind.Affinity,
            m.Strings("vms"),
            m.Strings("networks"),
            m.String("host"),
            m.Bool("hard") ?? true);
        return _context.Record(rule, node);
    }
}
