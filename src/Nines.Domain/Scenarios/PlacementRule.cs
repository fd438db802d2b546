namespace Nines.Domain.Scenarios;

/// <summary>The kinds of placement rule: EDIV's five restrictions, which native rules reuse.</summary>
public enum PlacementRuleKind
{
    /// <summary>Every VM of the networks runs on the host (EDIV <c>net_deploy_at</c>).</summary>
    NetworkAt,

    /// <summary>The VMs run on the host (EDIV <c>vm_deploy_at</c>): pinning.</summary>
    VmAt,

    /// <summary>The VMs run on one host together (EDIV <c>affinity</c>).</summary>
    Affinity,

    /// <summary>Every VM of the networks runs on one host together (EDIV <c>net_deploy_together</c>).</summary>
    NetworkTogether,

    /// <summary>No two of the VMs share a host (EDIV <c>antiaffinity</c>).</summary>
    AntiAffinity,
}

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

/// <summary>A placement rule together with where it was written, so conflicts can name both.</summary>
public sealed record LocatedRule(PlacementRule Rule, Nines.Domain.Diagnostics.SourceLocation Location);
