namespace Nines.Drivers.Qemu.Qmp;

/// <summary>Counters of one block device from <c>query-blockstats</c>.</summary>
internal sealed record QmpBlockStats(string Device, string? NodeName, string? QdevPath, long ReadBytes, long WrittenBytes, long ReadOperations, long WriteOperations, long FlushOperations);
