namespace Nines.Scenarios.Vnuml;

/// <summary>The diagnostic codes of the VNUML reader (NX1001–NX1499); the format-independent checks use NX15xx.</summary>
internal static class VnumlDiagnosticCodes
{
    /// <summary>The file is empty or holds only whitespace.</summary>
    public const string EmptyDocument = "NX1001";

    /// <summary>The XML is not well formed, or is hostile (entity expansion over the limit).</summary>
    public const string MalformedXml = "NX1002";

    /// <summary>The root element is not <c>&lt;vnuml&gt;</c>.</summary>
    public const string WrongRoot = "NX1003";

    /// <summary>A required element is missing or empty.</summary>
    public const string MissingElement = "NX1004";

    /// <summary>A required attribute is missing or empty.</summary>
    public const string MissingAttribute = "NX1005";

    /// <summary>An element VNUML does not define (a warning: it is ignored).</summary>
    public const string UnknownElement = "NX1006";

    /// <summary>A known VNUML element where VNUML does not allow it.</summary>
    public const string MisplacedElement = "NX1007";

    /// <summary>An element that may appear once appears again.</summary>
    public const string DuplicateElement = "NX1008";

    /// <summary>A value outside an attribute's closed set (mode, type, exec type, …).</summary>
    public const string InvalidEnum = "NX1009";

    /// <summary>A value that must be a whole number in a range is not.</summary>
    public const string InvalidNumber = "NX1010";

    /// <summary>A <c>&lt;mem&gt;</c> that is not a size.</summary>
    public const string InvalidMemory = "NX1011";

    /// <summary>An IPv4 or IPv6 address that does not parse (or is of the wrong family).</summary>
    public const string InvalidAddress = "NX1012";

    /// <summary>A netmask or prefix length that is not valid, or that contradicts the one in the address.</summary>
    public const string InvalidMask = "NX1013";

    /// <summary>A route destination that is neither <c>default</c> nor a network prefix.</summary>
    public const string InvalidRouteDestination = "NX1014";

    /// <summary>Both <c>simulation_name</c> (1.8) and <c>scenario_name</c> (1.91) are given.</summary>
    public const string ConflictingName = "NX1015";

    /// <summary>An attribute VNUML does not define on that element (a warning: it is ignored).</summary>
    public const string UnknownAttribute = "NX1016";

    /// <summary>A VNUML element or attribute Nines reads but does not act on (a warning).</summary>
    public const string IgnoredFeature = "NX1017";

    /// <summary>A <c>&lt;version&gt;</c> other than the VNUML versions Nines knows (a warning).</summary>
    public const string UnknownVersion = "NX1018";

    /// <summary>The DOCTYPE declares an external entity, which Nines never reads.</summary>
    public const string ExternalEntity = "NX1019";
}
