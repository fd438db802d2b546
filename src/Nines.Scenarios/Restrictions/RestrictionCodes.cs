namespace Nines.Scenarios.Restrictions;

/// <summary>Diagnostic codes of the EDIV restrictions reader (NX50xx).</summary>
internal static class RestrictionCodes
{
    /// <summary>The text is not well-formed XML, or is hostile (entity expansion, size).</summary>
    public const string MalformedXml = "NX5001";

    /// <summary>The root element is not <c>&lt;deployment_restrictions&gt;</c>.</summary>
    public const string WrongRoot = "NX5002";

    /// <summary>A required attribute (<c>net</c>, <c>vm</c>, <c>host</c>) is missing or empty.</summary>
    public const string MissingAttribute = "NX5003";

    /// <summary>A group names too few members: affinity and antiaffinity need two VMs, net_deploy_together one network.</summary>
    public const string TooFewMembers = "NX5004";

    /// <summary>An element EDIV does not define, at the top level or inside a group.</summary>
    public const string UnknownElement = "NX5005";

    /// <summary>A <c>&lt;vm&gt;</c> or <c>&lt;net&gt;</c> member with no name.</summary>
    public const string EmptyMember = "NX5006";

    /// <summary>An attribute EDIV does not define.</summary>
    public const string UnknownAttribute = "NX5007";

    /// <summary>A group names the same member twice.</summary>
    public const string DuplicateMember = "NX5008";
}
