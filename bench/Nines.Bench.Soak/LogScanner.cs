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

        // Lines since an "Unhandled exception" line: its own trace follows within a few lines (after the exception's
        // type and message) and is the same exception, not another one.
        var sinceUnhandled = int.MaxValue;
        foreach (var line in lines)
        {
            var frame = StackFrame().IsMatch(line);
            if (line.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase))
            {
                count++;
                samples.Add(line.Trim());
                sinceUnhandled = 0;
                inTrace = false;
            }
            else if (frame && !inTrace)
            {
                if (sinceUnhandled > 3)
                {
                    count++;
                    samples.Add(previous.Trim());
                }

                inTrace = true;
            }
            else if (!frame && !line.TrimStart().StartsWith("---", StringComparison.Ordinal) && !RepeatedFrames().IsMatch(line))
            {
                inTrace = false;
            }

            sinceUnhandled = sinceUnhandled == int.MaxValue ? sinceUnhandled : sinceUnhandled + 1;
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

    /// <summary>A stack overflow's trace folds its recursion: "Repeated 1234 times:" between the frames.</summary>
    [GeneratedRegex(@"^\s*Repeated \d+ times:\s*$")]
    private static partial Regex RepeatedFrames();

    // "at" + a method path without spaces, then its parameters or generic arguments: "   at A.B.C(...)", "   at A.Start[[T, Asm, Version=1]](...)".
    [GeneratedRegex(@"^\s+at [\w.`<>+|$]+[(\[]")]
    private static partial Regex StackFrame();
}
