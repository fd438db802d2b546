using Nines.Domain.Diagnostics;

namespace Nines.Scenarios.Validation;

/// <summary>
/// Rules a scenario submitted to the API must pass on top of the validator's: findings the offline <c>nines validate</c>
/// only warns about (the file is the user's own and nothing is applied), but that a tenant may not make a host do.
/// </summary>
public static class SubmissionRules
{
    /// <summary>A host route to <c>default</c>, <c>0.0.0.0/0</c> or <c>::/0</c> (rule <c>hostRouteDefault</c>).</summary>
    public const string DefaultHostRoute = ScenarioValidationCodes.DefaultHostRoute;

    private static readonly HashSet<string> _refused = new(StringComparer.Ordinal) { DefaultHostRoute };

    /// <summary>Every warning of <paramref name="diagnostics"/> an API submission is refused for, as an error at the same place.</summary>
    public static IReadOnlyList<Diagnostic> Refusals(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        return [.. diagnostics.Where(d => !d.IsError && _refused.Contains(d.Code)).Select(d => d with { Severity = DiagnosticSeverity.Error })];
    }
}
