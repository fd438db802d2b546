using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Native;
using Nines.Scenarios.Ovf;
using Nines.Scenarios.Vnuml;

namespace Nines.Scenarios;

/// <summary>
/// Reads a scenario in whichever language it is written (VNUML, native YAML, OVF), so every command
/// takes any of them.
/// </summary>
public static class ScenarioReader
{
    /// <summary>Reads <paramref name="text"/> from <paramref name="file"/>; <paramref name="configuration"/> selects an OVF deployment option.</summary>
    public static ParseResult<ScenarioDocument> Read(string text, string file, string? configuration = null)
    {
        var kind = InputDetector.Detect(text);
        switch (kind)
        {
            case InputKind.VnumlScenario:
                return VnumlReader.Read(text, file);
            case InputKind.NativeScenario:
                return NativeScenarioReader.Read(text, file);
            case InputKind.OvfAppliance:
                var ovf = OvfReader.Read(text, file, configuration);
                return new ParseResult<ScenarioDocument>(ovf.Value?.Document, ovf.Diagnostics);
            default:
                return ParseResult<ScenarioDocument>.Failure(Diagnostic.Error(
                    "NX0001",
                    SourceLocation.OfFile(file),
                    null,
                    $"expected a scenario (VNUML, native YAML or OVF) but this file is {InputDetector.Describe(kind)}; pass it with --{(kind == InputKind.EdivRestrictions ? "restrictions" : "cluster")}"));
        }
    }
}
