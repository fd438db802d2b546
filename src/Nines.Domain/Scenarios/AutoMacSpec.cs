namespace Nines.Domain.Scenarios;

/// <summary>VNUML <c>&lt;automac offset="n"/&gt;</c>: derive MACs from the scenario, offset by n.</summary>
public sealed record AutoMacSpec(int Offset = 0);
