using System.Text.RegularExpressions;

namespace Nines.Bench.Soak;

/// <summary>Unhandled exceptions in controller and agent logs: "Unhandled exception" lines and .NET stack traces.</summary>
internal static partial class LogScanner
{
    /// <summary>How many were found, and the line before each (the exception's message) for the report.</summary>
    public static (int Count, IReadOnlyList<string> Samples) Scan(IEnumerable<string> lines)
    {
        var samples = new List<string>();
        var count = 0;
        var previous = string.Empty;
        var inTrace = false;
        foreach (var line in lines)
        {
            var frame = StackFrame().IsMatch(line);
            if (line.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase))
            {
                count++;
                samples.Add(line.Trim());
                inTrace = true;
            }
            else if (frame && !inTrace)
            {
                count++;
                samples.Add(previous.Trim());
                inTrace = true;
            }
            else if (!frame && !line.StartsWith("   ---", StringComparison.Ordinal) && !line.TrimStart().StartsWith("--- End of", StringComparison.Ordinal))
            {
                inTrace = false;
            }

            previous = line;
        }

        return (count, samples);
    }

    public static (int Count, IReadOnlyList<string> Samples) ScanFiles(IEnumerable<string> files)
    {
        var count = 0;
        var samples = new List<string>();
        foreach (var file in files.Where(File.Exists))
        {
            var (n, found) = Scan(File.ReadLines(file));
            count += n;
            samples.AddRange(found.Select(s => $"{Path.GetFileName(Path.GetDirectoryName(file))}/{Path.GetFileName(file)}: {s}"));
        }

        return (count, samples);
    }

    [GeneratedRegex(@"^\s+at [\w.<>`\[\]+|,]+(\(.*\))?( in .+:line \d+)?\s*$")]
    private static partial Regex StackFrame();
}
