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

        // As for VMs: read every field, then leave out a group whose name or model is unusable.
        var name = m.RequiredString("name");
        var model = m.RequiredEnum("model", NativeNames.RedundancyModels);
        var group = new RedundancyGroupSpec(
            name ?? string.Empty,
            model ?? RedundancyModel.None,
            m.Strings("members"),
            m.Int("actives", 0),
            m.Int("standbys", 0),
            m.Strings("preferred_hosts"));
        return name is null || model is null ? null : _context.Record(group, node);
    }

    private PlacementRule? Placement(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a placement rule", _placementKeys) is not { } m)
        {
            return null;
        }

        var kind = m.RequiredEnum("rule", NativeNames.PlacementRuleKinds);
        var rule = new PlacementRule(
            kind ?? PlacementRuleKind.Affinity,
            m.Strings("vms"),
            m.Strings("networks"),
            m.String("host"),
            m.Bool("hard") ?? true);
        return kind is null ? null : _context.Record(rule, node);
    }
}
