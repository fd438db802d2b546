namespace Nines.Images.Packages;

/// <summary>
/// Reads the output of <c>apt-cache depends PACKAGE</c>. Alternatives are written as " |Depends: a"
/// followed by "  Depends: b"; the first usable one of a group is taken, as apt would prefer it. A virtual
/// package ("&lt;name&gt;") stands for its first provider, listed on the indented lines after it.
/// </summary>
internal static class AptDependsParser
{
    /// <summary>The dependency names in <paramref name="output"/>, in order, without duplicates or architecture suffixes.</summary>
    public static IReadOnlyList<string> Parse(string output)
    {
        var groups = new List<List<Alternative>>();
        List<Alternative>? open = null;
        Alternative? last = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] is not (' ' or '|'))
            {
                continue; // the package's own name, or a blank line
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                last?.Providers.Add(Bare(line.Trim()));
                continue;
            }

            last = null;
            var kind = line[..colon].Trim().TrimStart('|');
            if (kind is not ("Depends" or "PreDepends"))
            {
                open = null;
                continue;
            }

            open ??= [];
            last = new Alternative(line[(colon + 1)..].Trim(), []);
            open.Add(last);
            if (!line.TrimStart().StartsWith('|'))
            {
                groups.Add(open);
                open = null;
            }
        }

        var result = new List<string>();
        foreach (var group in groups)
        {
            var chosen = group.Select(Choose).FirstOrDefault(c => c is not null);
            if (chosen is not null && !result.Contains(chosen))
            {
                result.Add(chosen);
            }
        }

        return result;
    }

    private static string? Choose(Alternative alternative) =>
        alternative.Name.StartsWith('<') ? alternative.Providers.FirstOrDefault() : Bare(alternative.Name);

    private static string Bare(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? name : name[..colon];
    }

    private sealed record Alternative(string Name, List<string> Providers);
}
