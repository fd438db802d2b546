namespace Nines.Domain.Diagnostics;

/// <summary>How bad a diagnostic is: errors stop the input from being used, warnings do not.</summary>
public enum DiagnosticSeverity
{
    Error,
    Warning,
}
