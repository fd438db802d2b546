using Nines.Domain.Diagnostics;
using Nines.Scenarios.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Nines.Scenarios.Native.Reading;

/// <summary>
/// Turns text into one YAML node tree, or reports why it cannot: a syntax error (one diagnostic, at the
/// position the parser stopped), no document, several documents, aliases, or nesting past <see cref="YamlDepth.Max"/>.
/// </summary>
/// <remarks>
/// Aliases are refused because an aliased node has one location but would be read at several places,
/// and because expanding nested aliases is the YAML form of the "billion laughs" attack.
/// </remarks>
internal static class NativeYamlLoader
{
    public static YamlNode? Load(string text, string file, DiagnosticBag diagnostics)
    {
        // A leading BOM that survived decoding is not part of the document.
        var content = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        if (!Prescan(content, file, diagnostics))
        {
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(content));
        }
        catch (YamlException ex)
        {
            // The prescan accepted the events, so this is a representation-level error such as a duplicate key.
            diagnostics.Error(NativeDiagnosticCodes.Syntax, Locate(file, ex.Start), null, Describe(ex));
            return null;
        }

        var root = stream.Documents[0].RootNode;
        if (YamlNodes.IsNull(root))
        {
            diagnostics.Error(NativeDiagnosticCodes.Empty, Locate(file, root.Start), null, EmptyMessage);
            return null;
        }

        return root;
    }

    private const string EmptyMessage =
        "the document is empty (expected a native scenario mapping starting with \"nines: 1\")";

    /// <summary>Walks the event stream once to find syntax errors, aliases and the document count.</summary>
    private static bool Prescan(string content, string file, DiagnosticBag diagnostics)
    {
        var scanner = new Scanner(new StringReader(content));
        var parser = new Parser(scanner);
        var documents = 0;
        var depth = 0;
        var ok = true;
        try
        {
            while (parser.MoveNext())
            {
                if (!YamlDepth.Track(parser.Current!, ref depth))
                {
                    diagnostics.Error(NativeDiagnosticCodes.TooDeep, Locate(file, parser.Current!.Start), null, YamlDepth.Message);
                    return false;
                }

                switch (parser.Current)
                {
                    case DocumentStart start:
                        documents++;
                        if (documents == 2)
                        {
                            diagnostics.Error(NativeDiagnosticCodes.MultipleDocuments, Locate(file, start.Start), null,
                                "a native scenario file holds exactly one YAML document; found a second one here");
                            ok = false;
                        }

                        break;
                    case AnchorAlias alias:
                        diagnostics.Error(NativeDiagnosticCodes.Alias, Locate(file, alias.Start), null,
                            $"YAML aliases (*{alias.Value}) are not supported: write the value out where it is used");
                        ok = false;
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            diagnostics.Error(NativeDiagnosticCodes.Syntax, Locate(file, ex.Start), null, Describe(ex));
            return false;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner sometimes fails this way on malformed flow collections; its position is still right.
            diagnostics.Error(NativeDiagnosticCodes.Syntax, Locate(file, scanner.CurrentPosition), null,
                "malformed YAML (an unclosed flow collection '[' or '{'?)");
            return false;
        }

        if (documents == 0)
        {
            diagnostics.Error(NativeDiagnosticCodes.Empty, SourceLocation.OfFile(file), null, EmptyMessage);
            return false;
        }

        return ok;
    }

    private static SourceLocation Locate(string file, Mark mark) => YamlNodes.Locate(file, mark);

    private static string Describe(YamlException ex) => YamlNodes.Describe(ex);
}
