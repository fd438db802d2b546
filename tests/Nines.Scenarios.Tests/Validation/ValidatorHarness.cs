using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Validation;

namespace Nines.Scenarios.Tests.Validation;

/// <summary>Builds a source map by hand (object → line) and runs the validator, returning diagnostics as lines.</summary>
internal sealed class ValidatorHarness
{
    public const string File = "hand.yaml";

    private readonly SourceMap _map = new(File);

    /// <summary>Records <paramref name="item"/> at <paramref name="line"/>:1 and returns it, so scenarios can be built inline.</summary>
    public T At<T>(int line, T item)
        where T : notnull
    {
        _map.Record(item, new SourceLocation(File, line, 1));
        return item;
    }

    public string[] Validate(Scenario scenario)
    {
        var bag = new DiagnosticBag();
        ScenarioValidator.Validate(scenario, _map, bag);
        return [.. bag.ToSortedList().Select(d => d.ToString())];
    }
}
