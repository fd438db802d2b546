namespace Nines.Scheduling;

/// <summary>One VM on one host.</summary>
public sealed record VmPlacement(string Vm, string Host);
