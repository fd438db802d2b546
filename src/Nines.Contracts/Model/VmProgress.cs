namespace Nines.Contracts.Model;

/// <summary>One VM's progress in an operation: the step it reached and a percentage for progress bars.</summary>
/// <param name="Host">The host the VM is on (deploys, once its host has reported it); null before that and for other operations.</param>
public sealed record VmProgress(string Step, int Percent, string? Error = null, string? Host = null);
