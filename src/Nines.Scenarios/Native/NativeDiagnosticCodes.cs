namespace Nines.Scenarios.Native;

/// <summary>The diagnostic codes of the native YAML reader (NX20xx), one per kind of mistake.</summary>
internal static class NativeDiagnosticCodes
{
    /// <summary>The text is not well-formed YAML (including duplicate keys).</summary>
    public const string Syntax = "NX2001";

    /// <summary>The text holds no YAML document at all.</summary>
    public const string Empty = "NX2002";

    /// <summary>More than one YAML document (<c>---</c>) in one file.</summary>
    public const string MultipleDocuments = "NX2003";

    /// <summary>A YAML alias (<c>*name</c>): not supported, so every value has exactly one location.</summary>
    public const string Alias = "NX2004";

    /// <summary>The <c>nines</c> format version is missing or not one this reader knows.</summary>
    public const string FormatVersion = "NX2005";

    /// <summary>A mapping, sequence or scalar where another kind of node is expected.</summary>
    public const string WrongType = "NX2006";

    /// <summary>A key the schema does not define at that place.</summary>
    public const string UnknownKey = "NX2007";

    /// <summary>A required key is absent or has no value.</summary>
    public const string MissingKey = "NX2008";

    /// <summary>A value that should be an integer is not one.</summary>
    public const string NotInteger = "NX2009";

    /// <summary>A number outside the range the field allows.</summary>
    public const string OutOfRange = "NX2010";

    /// <summary>A value that should be <c>true</c> or <c>false</c> is not.</summary>
    public const string NotBoolean = "NX2011";

    /// <summary>A size (memory, disk capacity) that does not parse or is out of range.</summary>
    public const string BadSize = "NX2012";

    /// <summary>A value outside a closed set of names (network mode, redundancy model, rule kind…).</summary>
    public const string BadEnum = "NX2013";

    /// <summary>An IP address or prefix that does not parse or is of the wrong family.</summary>
    public const string BadAddress = "NX2014";

    /// <summary>A MAC address that is not six colon-separated hex octets.</summary>
    public const string BadMac = "NX2015";

    /// <summary>An explicit IP family that contradicts the addresses it goes with.</summary>
    public const string FamilyMismatch = "NX2016";

    /// <summary>Mappings and sequences nested past <see cref="Yaml.YamlDepth.Max"/> levels (refused before the tree is built).</summary>
    public const string TooDeep = "NX2017";

    /// <summary>An <c>image</c> pin that is not <c>name@sha256:&lt;64 lowercase hex digits&gt;</c>.</summary>
    public const string BadImagePin = "NX2018";
}
