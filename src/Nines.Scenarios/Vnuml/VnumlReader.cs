using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Vnuml;

/// <summary>
/// Reads VNUML 1.8 and 1.91 scenario files (<c>&lt;vnuml&gt;</c>) into the Nines model. Pure: the caller
/// supplies the text and the file name used in diagnostics; nothing is fetched (a DOCTYPE's DTD is ignored).
/// </summary>
public static class VnumlReader
{
    /// <summary>
    /// Parses <paramref name="text"/>, reporting every problem in one pass with its <c>file:line:column</c>,
    /// then runs the format-independent scenario checks. The result has a value only when there are no errors.
    /// </summary>
    /// <param name="text">The file's content (a leading byte-order mark is allowed).</param>
    /// <param name="file">The name diagnostics give as the location.</param>
    public static ParseResult<ScenarioDocument> Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var diagnostics = new DiagnosticBag();
        var document = new VnumlDocumentReader(file, diagnostics).Read(text);
        return ParseResult<ScenarioDocument>.From(document, diagnostics);
    }
}
