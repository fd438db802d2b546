namespace Nines.Contracts.Model;

/// <summary>A host an operator drained: unschedulable since <paramref name="Since"/>, its VMs moved away (at most <paramref name="MaxConcurrent"/> at a time).</summary>
public sealed record HostDrainMark(string Host, DateTimeOffset Since, int MaxConcurrent);
