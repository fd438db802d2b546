namespace Nines.Domain.Scenarios;

/// <summary>
/// A placement rule. A hard rule that cannot be met leaves VMs unplaced with the rule named;
/// a soft rule is honoured when it can be and otherwise reported as a warning.
/// </summary>
public sealed record PlacementRule(
    PlacementRuleKind Kind,
    ValueList<string> Vms = default,
    ValueList<string> Networks = default,
    string? Host = null,
    bool Hard = true)
{
    /// <summary>A short description naming the rule, used in conflict messages.</summary>
    public override string ToString()
    {
        var kind = Kind switch
        {
            PlacementRuleKind.NetworkAt => "net_deploy_at",
            PlacementRuleKind.VmAt => "vm_deploy_at",
            PlacementRuleKind.Affinity => "affinity",
            PlacementRuleKind.NetworkTogether => "net_deploy_together",
            _ => "antiaffinity",
        };
        var members = string.Join(", ", Vms.Concat(Networks));
        var host = Host is null ? string.Empty : $" at {Host}";
        return $"{(Hard ? string.Empty : "soft ")}{kind}({members}){host}";
    }
}
