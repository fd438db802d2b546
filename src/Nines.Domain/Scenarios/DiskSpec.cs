namespace Nines.Domain.Scenarios;

/// <summary>A virtual disk (OVF <c>Disk</c> or native): capacity in bytes and an optional backing file.</summary>
public sealed record DiskSpec(string Id, long CapacityBytes, string? File = null, string? Format = null);
