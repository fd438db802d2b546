namespace Nines.Contracts.Model;

/// <summary>The few KPIs the status shows (the full sample comes from the agent on demand).</summary>
public sealed record VmKpiSnapshot(double? CpuPercent, long? ResidentBytes, TimeSpan? Uptime, DateTimeOffset SampledAt);
