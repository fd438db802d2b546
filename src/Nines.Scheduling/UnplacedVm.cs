namespace Nines.Scheduling;

/// <summary>A VM that could not be placed, and why (naming the rule or capacity at fault).</summary>
public sealed record UnplacedVm(string Vm, string Reason);
