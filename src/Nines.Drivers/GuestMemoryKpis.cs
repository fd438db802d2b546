namespace Nines.Drivers;

/// <summary>Guest memory as the balloon driver reports it.</summary>
public sealed record GuestMemoryKpis(long ActualBytes, long? FreeBytes = null, long? TotalBytes = null);
