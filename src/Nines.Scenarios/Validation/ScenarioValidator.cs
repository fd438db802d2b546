using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Validation;

/// <summary>
/// The checks every scenario must pass whatever language it was written in: names unique, references
/// resolve, counts consistent. Readers check their own syntax, then call this on the model they built.
/// </summary>
internal static class ScenarioValidator
{
    public static void Validate(Scenario scenario, SourceMap map, DiagnosticBag diagnostics)
    {
        // Filled in by the VNUML reader work (feat-vnuml): cross-reference checks.
        _ = scenario;
        _ = map;
        _ = diagnostics;
    }
}
