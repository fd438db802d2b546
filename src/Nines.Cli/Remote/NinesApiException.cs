using Nines.Api.Http;

namespace Nines.Cli.Remote;

/// <summary>
/// The controller refused a request (its problem+json: status, title, detail, field errors, diagnostics), or did not
/// answer at all (<see cref="StatusCode"/> 0).
/// </summary>
public sealed class NinesApiException : Exception
{
    public NinesApiException()
    {
    }

    public NinesApiException(string message)
        : base(message)
    {
    }

    public NinesApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NinesApiException(
        int statusCode,
        string title,
        string? detail,
        IReadOnlyDictionary<string, string[]>? errors = null,
        IReadOnlyList<DiagnosticView>? diagnostics = null,
        Exception? innerException = null)
        : base(detail is null ? title : $"{title}: {detail}", innerException)
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>(StringComparer.Ordinal);
        Diagnostics = diagnostics ?? [];
    }

    /// <summary>The HTTP status, or 0 when the controller did not answer.</summary>
    public int StatusCode { get; }

    /// <summary>The problem's title (for a 409 of a VM operation: the driver's error code).</summary>
    public string Title { get; } = string.Empty;

    public string? Detail { get; }

    /// <summary>Field → messages (400 answers).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    /// <summary>Problems of a submitted scenario or restrictions file, with file, line and column.</summary>
    public IReadOnlyList<DiagnosticView> Diagnostics { get; } = [];

    /// <summary>Nothing answered at the controller's address.</summary>
    public bool IsUnreachable => StatusCode == 0;
}
