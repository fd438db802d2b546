namespace Nines.Scheduling.Rules;

/// <summary>One rule tying two VMs (by index) to the same host.</summary>
internal sealed record Tie(int From, int To, Citation Citation);
