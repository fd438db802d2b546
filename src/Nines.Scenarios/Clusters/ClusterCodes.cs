namespace Nines.Scenarios.Clusters;

/// <summary>Diagnostic codes of the cluster readers (NX40xx), shared by EDIV cluster.conf and native YAML.</summary>
internal static class ClusterCodes
{
    /// <summary>A line that is neither a comment, a <c>[section]</c> header nor <c>key = value</c>.</summary>
    public const string MalformedLine = "NX4001";

    /// <summary>A <c>key = value</c> line before the first section.</summary>
    public const string KeyOutsideSection = "NX4002";

    /// <summary>A key, section or host name given twice where only one is allowed.</summary>
    public const string Duplicate = "NX4003";

    /// <summary>A value that should be a whole number is not one, or is out of its range.</summary>
    public const string NotAnInteger = "NX4004";

    /// <summary>The VLAN range is empty or outside 802.1q's 1–4094.</summary>
    public const string BadVlanRange = "NX4005";

    /// <summary>A required section or key is missing.</summary>
    public const string Missing = "NX4006";

    /// <summary>The cluster lists no host.</summary>
    public const string NoHosts = "NX4007";

    /// <summary>A host listed in <c>[cluster]</c> has no section of its own.</summary>
    public const string HostWithoutSection = "NX4008";

    /// <summary>A host section for a host <c>[cluster]</c> does not list (warning: EDIV ignores it).</summary>
    public const string UnlistedHostSection = "NX4009";

    /// <summary>A key the format does not define (warning in cluster.conf, error in native YAML).</summary>
    public const string UnknownKey = "NX4010";

    /// <summary>The YAML text is not well-formed.</summary>
    public const string YamlSyntax = "NX4011";

    /// <summary>A YAML node of the wrong kind (a list where a mapping is expected, …).</summary>
    public const string WrongShape = "NX4012";

    /// <summary>A value of the right kind that is not valid (memory size, load, address, mask).</summary>
    public const string BadValue = "NX4013";
}
