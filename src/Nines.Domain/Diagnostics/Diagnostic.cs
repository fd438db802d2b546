namespace Nines.Domain.Diagnostics;

/// <summary>
/// One problem found in an input. <paramref name="Field"/> names the element, attribute or key at fault
/// (e.g. <c>vm[uml2]/mem</c>) so the message can be acted on without opening the file.
/// </summary>
public sealed record Diagnostic(
    DiagnosticSeverity Severity,
    string Code,
    string Message,
    SourceLocation Location,
    string? Field = null)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public static Diagnostic Error(string code, SourceLocation location, string? field, string message) =>
        new(DiagnosticSeverity.Error, code, message, location, field);

    public static Diagnostic Warning(string code, SourceLocation location, string? field, string message) =>
        new(DiagnosticSeverity.Warning, code, message, location, field);

    /// <summary>The compiler-style one-line form: <c>file:line:col: error CODE: [field] message</c>.</summary>
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var field = Field is null ? string.Empty : $"{Field}: ";
        return $"{Location}: {severity} {Code}: {field}{Message}";
    }
}
