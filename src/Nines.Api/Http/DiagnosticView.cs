namespace Nines.Api.Http;

/// <summary>One diagnostic of a submitted scenario, restrictions file or OVF, as problem+json carries it.</summary>
public sealed record DiagnosticView(string Severity, string Code, string File, int Line, int Column, string? Field, string Message);
