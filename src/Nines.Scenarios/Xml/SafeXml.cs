using System.Xml;
using System.Xml.Linq;
using Nines.Domain.Diagnostics;

namespace Nines.Scenarios.Xml;

/// <summary>
/// Loads XML the way every Nines reader must: internal DTD entities are expanded, nothing external
/// (DTD, entity, schema) is ever fetched, entity expansion is capped so a "billion laughs" file fails
/// fast, and every element keeps its line and column.
/// </summary>
internal static class SafeXml
{
    /// <summary>Most characters entity expansion may produce in one document.</summary>
    public const long MaxCharactersFromEntities = 1_000_000;

    /// <summary>Largest document accepted, in characters.</summary>
    public const long MaxCharactersInDocument = 64_000_000;

    /// <summary>
    /// Deepest element nesting accepted. The readers walk elements recursively, so a hostile file nested a hundred
    /// thousand deep would overflow the stack — which ends the process, not one request. Real files nest under ten.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Parses <paramref name="text"/>; on malformed or hostile input returns null and adds one error
    /// with the position the XML parser stopped at.
    /// </summary>
    public static XDocument? Load(string text, string file, DiagnosticBag diagnostics, string code)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse,
            XmlResolver = null,
            MaxCharactersFromEntities = MaxCharactersFromEntities,
            MaxCharactersInDocument = MaxCharactersInDocument,
            IgnoreProcessingInstructions = true,
            ValidationType = ValidationType.None,
        };

        // A leading UTF-8 BOM that survived decoding is not part of the document.
        var content = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        try
        {
            if (FirstTooDeep(content, file, settings) is { } deep)
            {
                diagnostics.Error(code, deep, null, $"elements nest more than {MaxDepth} levels deep here (no scenario file needs that many)");
                return null;
            }

            using var reader = XmlReader.Create(new StringReader(content), settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
        }
        catch (XmlException ex)
        {
            var message = ex.Message.Contains("MaxCharactersFromEntities", StringComparison.Ordinal)
                ? $"entity expansion exceeds the limit of {MaxCharactersFromEntities:N0} characters (a recursive or \"billion laughs\" entity definition?)"
                : ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal)
                    ? $"document exceeds the limit of {MaxCharactersInDocument:N0} characters"
                    : StripPosition(ex.Message);
            diagnostics.Error(code, new SourceLocation(file, Math.Max(ex.LineNumber, 1), Math.Max(ex.LinePosition, 1)), null, message);
            return null;
        }
    }

    /// <summary>Where the first element deeper than <see cref="MaxDepth"/> opens (the reader streams: any depth is safe here).</summary>
    private static SourceLocation? FirstTooDeep(string content, string file, XmlReaderSettings settings)
    {
        using var reader = XmlReader.Create(new StringReader(content), settings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth >= MaxDepth)
            {
                var info = (IXmlLineInfo)reader;
                return new SourceLocation(file, Math.Max(info.LineNumber, 1), Math.Max(info.LinePosition, 1));
            }
        }

        return null;
    }

    /// <summary>The location of a node, as the file's line and column (1-based).</summary>
    public static SourceLocation Locate(XObject node, string file)
    {
        var info = (IXmlLineInfo)node;
        return info.HasLineInfo() ? new SourceLocation(file, info.LineNumber, info.LinePosition) : SourceLocation.OfFile(file);
    }

    // XmlException messages end with "Line n, position m."; the diagnostic carries the position itself.
    private static string StripPosition(string message)
    {
        var at = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return at > 0 ? message[..at].TrimEnd() : message;
    }
}
