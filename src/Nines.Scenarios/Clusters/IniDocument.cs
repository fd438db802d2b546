using Nines.Domain.Diagnostics;

namespace Nines.Scenarios.Clusters;

/// <summary>
/// The line grammar of EDIV's cluster.conf: <c>#</c> and <c>;</c> comment lines, <c>[section]</c> headers and
/// <c>key = value</c> lines with spaces anywhere around key and value (EDIV's own file has <c>last = 1039 </c>).
/// </summary>
internal static class IniDocument
{
    public static IReadOnlyList<IniSection> Parse(string text, string file, DiagnosticBag diagnostics)
    {
        var sections = new List<IniSection>();
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        List<IniEntry>? current = null;

        // After a malformed or repeated header its lines are skipped: that header's error already covers them.
        var skipping = false;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            var lineNumber = index + 1;
            var start = line.Length - line.TrimStart().Length;
            var location = new SourceLocation(file, lineNumber, start + 1);
            if (trimmed[0] == '[')
            {
                current = ParseHeader(trimmed, location, sections, seen, diagnostics);
                skipping = current is null;
                continue;
            }

            if (skipping || ParseEntry(line, file, lineNumber, location, diagnostics) is not { } entry)
            {
                continue;
            }

            if (current is null)
            {
                diagnostics.Error(ClusterCodes.KeyOutsideSection, location, entry.Key, $"key \"{entry.Key}\" comes before any [section] (expected it inside [vlan], [cluster] or a host section)");
                continue;
            }

            current.Add(entry);
        }

        return sections;
    }

    // Returns the entry list of the new section, or null (reported) when the header is malformed or repeated.
    private static List<IniEntry>? ParseHeader(
        string trimmed, SourceLocation location, List<IniSection> sections, Dictionary<string, SourceLocation> seen, DiagnosticBag diagnostics)
    {
        var name = trimmed.Length > 2 && trimmed[^1] == ']' ? trimmed[1..^1].Trim() : string.Empty;
        if (name.Length == 0)
        {
            diagnostics.Error(ClusterCodes.MalformedLine, location, null, $"section header \"{trimmed}\" is malformed (expected [name])");
            return null;
        }

        if (seen.TryGetValue(name, out var first))
        {
            diagnostics.Error(ClusterCodes.Duplicate, location, $"[{name}]", $"section [{name}] appears twice (first at line {first.Line}; expected each section once)");
            return null;
        }

        seen[name] = location;
        var entries = new List<IniEntry>();
        sections.Add(new IniSection(name, location, entries));
        return entries;
    }

    private static IniEntry? ParseEntry(string line, string file, int lineNumber, SourceLocation location, DiagnosticBag diagnostics)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? string.Empty : line[..equals].Trim();
        if (key.Length == 0)
        {
            diagnostics.Error(ClusterCodes.MalformedLine, location, null, $"line \"{line.Trim()}\" is not a key = value pair or a [section] header");
            return null;
        }

        var afterEquals = line[(equals + 1)..];
        var valueStart = equals + 1 + (afterEquals.Length - afterEquals.TrimStart().Length);
        return new IniEntry(key, afterEquals.Trim(), location, new SourceLocation(file, lineNumber, valueStart + 1));
    }
}
