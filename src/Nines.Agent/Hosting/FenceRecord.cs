namespace Nines.Agent.Hosting;

/// <summary>One self-fencing: when, why, and the VMs destroyed.</summary>
public sealed record FenceRecord(DateTimeOffset At, string Reason, IReadOnlyList<string> Vms);
