namespace Nines.Cli.Output;

/// <summary>Left-aligned columns padded to their widest cell, two spaces apart.</summary>
internal static class TextTable
{
    public static void Write(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Count).Select(c => all.Max(r => r[c].Length)).ToArray();
        foreach (var row in all)
        {
            var cells = row.Select((cell, c) => c == row.Count - 1 ? cell : cell.PadRight(widths[c]));
            writer.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
