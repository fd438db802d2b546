namespace Nines.Drivers.Migration;

/// <summary>One step of a downtime schedule: from <paramref name="After"/> on, the guest may be paused up to <paramref name="LimitMilliseconds"/>.</summary>
public sealed record DowntimeStep(TimeSpan After, int LimitMilliseconds);
