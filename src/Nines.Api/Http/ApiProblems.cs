using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Nines.Domain.Diagnostics;

namespace Nines.Api.Http;

/// <summary>The API's RFC 7807 answers: every error names what is wrong, 400s name the field (<c>errors</c>).</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "not found", detail: $"{what} does not exist");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "conflict", detail: detail);

    /// <summary>
    /// 507: the store has no space for the write, so nothing of it was stored (the request may be repeated as is once
    /// space returns). Reads keep working meanwhile.
    /// </summary>
    public static ProblemHttpResult InsufficientStorage(Exception error) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status507InsufficientStorage,
            title: "insufficient storage",
            detail: $"the control plane's store has no space for this change, so nothing of it was stored; retry once space is freed ({error.Message})",
            type: "https://nines.dev/problems/store-full");

    /// <summary>400 with every error by field, and the scenario's diagnostics (file:line:column) when there are any.</summary>
    public static ValidationProblem Invalid(ValidationErrors errors, IEnumerable<Diagnostic>? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (diagnostics?.ToList() is { Count: > 0 } list)
        {
            extensions["diagnostics"] = list.Select(d => new DiagnosticView(
                d.Severity == DiagnosticSeverity.Error ? "error" : "warning", d.Code, d.Location.File, d.Location.Line, d.Location.Column, d.Field, d.Message)).ToList();
        }

        return TypedResults.ValidationProblem(errors.ToDictionary(), title: "the request is not valid", extensions: extensions);
    }
}
