using Nines.Domain.Diagnostics;

namespace Nines.Scenarios.Clusters;

/// <summary>
/// Reads the native YAML cluster description (see <c>Clusters/README.md</c>). Unknown keys are errors, so
/// a misspelt setting is never silently ignored.
/// </summary>
public static class NativeClusterReader
{
    /// <summary>Parses <paramref name="text"/>; every problem is reported with its line and column.</summary>
    public static ParseResult<ClusterDocument> Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var diagnostics = new DiagnosticBag();
        var document = new NativeClusterMapper(file, diagnostics).Read(text);
        return ParseResult<ClusterDocument>.From(document, diagnostics);
    }
}
