namespace Nines.Domain.Scenarios;

/// <summary>A scenario together with where its parts were written.</summary>
public sealed record ScenarioDocument(Scenario Scenario, SourceMap Map);
