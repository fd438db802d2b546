using Nines.Domain.Diagnostics;

namespace Nines.Cli.Output;

/// <summary>Prints diagnostics one per line in the compiler form editors understand (<c>file:line:col: error CODE: …</c>).</summary>
internal static class DiagnosticPrinter
{
    public static void Print(TextWriter writer, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            writer.WriteLine(diagnostic.ToString());
        }
    }

    /// <summary>"2 errors, 1 warning" — the tail line of a failed command.</summary>
    public static string Summary(IReadOnlyCollection<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var warnings = diagnostics.Count - errors;
        return $"{Plural(errors, "error")}, {Plural(warnings, "warning")}";
    }

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
