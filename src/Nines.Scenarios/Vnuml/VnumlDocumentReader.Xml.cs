using System.Text.RegularExpressions;
using System.Xml.Linq;
using Nines.Domain.Diagnostics;
using Nines.Scenarios.Xml;

namespace Nines.Scenarios.Vnuml;

/// <summary>Loading the XML safely, and saying clearly what the XML layer found.</summary>
internal sealed partial class VnumlDocumentReader
{
    /// <summary>
    /// Loads through <see cref="SafeXml"/> (nothing fetched, expansion capped), rewording the parser's own
    /// messages to the diagnostic style, and reports every external entity the DOCTYPE declares: the parser
    /// leaves references to them unresolved, which would otherwise only show up as an empty value.
    /// </summary>
    private XDocument? LoadXml(string text)
    {
        var xmlDiagnostics = new DiagnosticBag();
        var document = SafeXml.Load(text, _file, xmlDiagnostics, VnumlDiagnosticCodes.MalformedXml);
        foreach (var diagnostic in xmlDiagnostics.Items)
        {
            _bag.Add(diagnostic with { Message = Reword(diagnostic.Message) });
        }

        if (document?.DocumentType is { InternalSubset: { } subset } doctype)
        {
            foreach (Match match in ExternalEntityPattern().Matches(subset))
            {
                _bag.Error(
                    VnumlDiagnosticCodes.ExternalEntity,
                    At(doctype),
                    "DOCTYPE",
                    $"the DOCTYPE declares the external entity \"{match.Groups["name"].Value}\" ({match.Groups["kind"].Value} \"{match.Groups["target"].Value}\"): "
                    + "Nines never reads external entities, so its references stay empty; write the text in the file or use an internal entity");
            }
        }

        return document;
    }

    /// <summary>
    /// The XML parser's messages start with a capital or a quote and end with a period; ours do neither and
    /// name the problem. SafeXml's own messages (the limits) already start in lower case and are kept.
    /// </summary>
    private static string Reword(string message)
    {
        if (message.Length == 0 || char.IsLower(message[0]))
        {
            return message;
        }

        return "malformed XML: " + char.ToLowerInvariant(message[0]) + message[1..].TrimEnd('.');
    }

    [GeneratedRegex("""<!ENTITY\s+(?:%\s+)?(?<name>[^\s%]+)\s+(?<kind>SYSTEM|PUBLIC)\s+(?:(?:"[^"]*"|'[^']*')\s+)?(?:"(?<target>[^"]*)"|'(?<target>[^']*)')""")]
    private static partial Regex ExternalEntityPattern();
}
