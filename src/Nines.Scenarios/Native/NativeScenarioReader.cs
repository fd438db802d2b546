using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Native.Reading;
using Nines.Scenarios.Validation;

namespace Nines.Scenarios.Native;

/// <summary>
/// Reads the native YAML scenario format (see <c>Native/README.md</c>). Pure: text in, model and
/// diagnostics out. Every mistake in the file is reported in one pass, each with its line and column.
/// </summary>
public static class NativeScenarioReader
{
    /// <summary>
    /// Parses <paramref name="text"/>, checks it against the schema and then against the rules every
    /// scenario must meet (<see cref="ScenarioValidator"/>).
    /// </summary>
    /// <param name="file">The name used in diagnostics and the source map; nothing is read from it.</param>
    public static ParseResult<ScenarioDocument> Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var diagnostics = new DiagnosticBag();
        var map = new SourceMap(file);
        if (NativeYamlLoader.Load(text, file, diagnostics) is not { } root)
        {
            return ParseResult<ScenarioDocument>.From(null, diagnostics);
        }

        var scenario = new NativeScenarioBuilder(new NativeReadContext(file, diagnostics, map)).Build(root);
        if (scenario is null)
        {
            return ParseResult<ScenarioDocument>.From(null, diagnostics);
        }

        // Cross-references are checked even when the schema found mistakes, so one pass reports everything.
        ScenarioValidator.Validate(scenario, map, diagnostics);
        return ParseResult<ScenarioDocument>.From(new ScenarioDocument(scenario, map), diagnostics);
    }
}
