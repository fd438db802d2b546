namespace Nines.Scenarios.Ovf;

/// <summary>Diagnostic codes of the OVF reader (NX30xx).</summary>
internal static class OvfCodes
{
    /// <summary>The text is not well-formed XML, or is hostile (entity expansion, size).</summary>
    public const string MalformedXml = "NX3001";

    /// <summary>The root element is not an OVF 1.x or 2.0 <c>Envelope</c>.</summary>
    public const string NotAnEnvelope = "NX3002";

    /// <summary>The configuration asked for is not one the package declares.</summary>
    public const string UnknownConfiguration = "NX3003";

    /// <summary>A number (quantity, capacity, size) is not a valid non-negative integer.</summary>
    public const string BadNumber = "NX3004";

    /// <summary>An allocation unit the reader does not understand.</summary>
    public const string UnknownUnits = "NX3005";

    /// <summary>A NIC is connected to a network the NetworkSection does not declare.</summary>
    public const string UnknownNetwork = "NX3006";

    /// <summary>A disk item references a disk the DiskSection does not declare.</summary>
    public const string UnknownDisk = "NX3007";

    /// <summary>A disk or disk item references a file the References section does not declare.</summary>
    public const string UnknownFile = "NX3008";

    /// <summary>A required attribute or element is missing or empty.</summary>
    public const string MissingValue = "NX3009";

    /// <summary>The envelope holds no VirtualSystem.</summary>
    public const string NoVirtualSystem = "NX3010";

    /// <summary>An id (file, disk, network, configuration, property key) is declared twice.</summary>
    public const string Duplicate = "NX3011";

    /// <summary>An item applies to a configuration the DeploymentOptionSection does not declare.</summary>
    public const string UndeclaredConfiguration = "NX3012";

    /// <summary>A hardware item's value is malformed (host resource, MAC address) or conflicts with another item.</summary>
    public const string BadItem = "NX3013";
}
