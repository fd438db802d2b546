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
