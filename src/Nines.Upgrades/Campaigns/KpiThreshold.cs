namespace Nines.Upgrades.Campaigns;

/// <summary>
/// A bound on one KPI of an upgraded unit (names as the shell samples them, e.g. <c>cpu_percent</c>,
/// <c>memory_resident_bytes</c>, or an application metric); at least one of <paramref name="Min"/> and <paramref name="Max"/>.
/// </summary>
public sealed record KpiThreshold(string Metric, double? Min = null, double? Max = null);
