using System.Text.RegularExpressions;
using System.Xml;

namespace Nines.Scenarios;

/// <summary>
/// Tells which language a file is written in from its content (never from its name, which users choose
/// freely): XML by its root element, INI by its section headers, YAML by its top-level keys.
/// </summary>
public static partial class InputDetector
{
    public static InputKind Detect(string text)
    {
        var content = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (content.StartsWith('<'))
        {
            return RootElement(content) switch
            {
                "Envelope" => InputKind.OvfAppliance,
                "deployment_restrictions" => InputKind.EdivRestrictions,
                _ => InputKind.VnumlScenario,
            };
        }

        if (IniSection().IsMatch(content) && !YamlTopLevelKey().IsMatch(content))
        {
            return InputKind.EdivCluster;
        }

        return ClusterKey().IsMatch(content) && !ScenarioKey().IsMatch(content)
            ? InputKind.NativeCluster
            : InputKind.NativeScenario;
    }

    /// <summary>A human name for the kind, used in CLI summaries ("VNUML scenario").</summary>
    public static string Name(InputKind kind) => kind switch
    {
        InputKind.VnumlScenario => "VNUML scenario",
        InputKind.NativeScenario => "native scenario",
        InputKind.OvfAppliance => "OVF appliance",
        InputKind.EdivCluster => "EDIV cluster.conf",
        InputKind.NativeCluster => "native cluster description",
        _ => "EDIV deployment restrictions file",
    };

    /// <summary>The name with its article, for messages ("an OVF appliance").</summary>
    public static string Describe(InputKind kind)
    {
        var name = Name(kind);
        return ("aeiouAEIOU".Contains(name[0], StringComparison.Ordinal) ? "an " : "a ") + name;
    }

    private static string? RootElement(string xml)
    {
        // Only the root's local name is wanted: no DTD processing, no resolution, stop at the first element.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    return reader.LocalName;
                }
            }
        }
        catch (XmlException)
        {
            // Malformed XML: let the scenario reader report it with its position.
        }

        return null;
    }

    [GeneratedRegex(@"^\s*\[[^\]\r\n]+\]\s*$", RegexOptions.Multiline)]
    private static partial Regex IniSection();

    [GeneratedRegex(@"^[A-Za-z_][\w-]*\s*:(\s|$)", RegexOptions.Multiline)]
    private static partial Regex YamlTopLevelKey();

    [GeneratedRegex(@"^(hosts|vlans)\s*:", RegexOptions.Multiline)]
    private static partial Regex ClusterKey();

    [GeneratedRegex(@"^(vms|networks|nines|defaults|redundancy_groups|placement)\s*:", RegexOptions.Multiline)]
    private static partial Regex ScenarioKey();
}
