using Nines.Domain.Scenarios;

namespace Nines.Scheduling.Rules;

/// <summary>How rules and groups of names are written in messages.</summary>
internal static class RuleText
{
    public static string KindName(PlacementRuleKind kind) => kind switch
    {
        PlacementRuleKind.NetworkAt => "net_deploy_at",
        PlacementRuleKind.VmAt => "vm_deploy_at",
        PlacementRuleKind.Affinity => "affinity",
        PlacementRuleKind.NetworkTogether => "net_deploy_together",
        _ => "antiaffinity",
    };

    /// <summary>The rule as written plus where: <c>affinity(R3, R2) (restrictions.xml:12:1)</c>.</summary>
    public static string Cite(LocatedRule rule) => $"{rule.Rule} ({rule.Location})";

    public static string Join(IEnumerable<string> names) => string.Join(", ", names);
}
