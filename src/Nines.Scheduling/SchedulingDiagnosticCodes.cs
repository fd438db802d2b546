namespace Nines.Scheduling;

/// <summary>The diagnostic codes the planner reports (NX6xxx), so callers and tests can match on them.</summary>
public static class SchedulingDiagnosticCodes
{
    /// <summary>A rule, the VMs to place or the static assignment names a VM the scenario does not have.</summary>
    public const string UnknownVm = "NX6001";

    /// <summary>A rule names a network the scenario does not have.</summary>
    public const string UnknownNetwork = "NX6002";

    /// <summary>A rule or the static assignment names a host the cluster does not have (or none at all).</summary>
    public const string UnknownHost = "NX6003";

    /// <summary>Two or more hard rules cannot all hold; the message names every rule involved.</summary>
    public const string RulesConflict = "NX6004";

    /// <summary>A hard anti-affinity rule keeps more VMs apart than the cluster has hosts (EDIV's check).</summary>
    public const string AntiAffinityTooLarge = "NX6005";

    /// <summary>A soft rule could not be honoured (a warning: the VMs are placed anyway).</summary>
    public const string SoftRuleBroken = "NX6006";

    /// <summary>A VM could not be placed; the message gives the reason.</summary>
    public const string VmUnplaced = "NX6007";

    /// <summary>The partitioning algorithm asked for does not exist.</summary>
    public const string UnknownAlgorithm = "NX6008";

    /// <summary>The cluster's VLAN range has no free id left for a cross-host network.</summary>
    public const string VlansExhausted = "NX6009";

    /// <summary>The cluster has no hosts, so nothing can be placed.</summary>
    public const string NoHosts = "NX6010";
}
