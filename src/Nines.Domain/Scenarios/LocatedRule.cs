namespace Nines.Domain.Scenarios;

/// <summary>A placement rule together with where it was written, so conflicts can name both.</summary>
public sealed record LocatedRule(PlacementRule Rule, Nines.Domain.Diagnostics.SourceLocation Location);
