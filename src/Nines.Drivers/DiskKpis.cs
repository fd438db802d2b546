namespace Nines.Drivers;

/// <summary>Cumulative counters of one virtual disk.</summary>
public sealed record DiskKpis(string Device, long ReadBytes, long WrittenBytes, long ReadOperations, long WriteOperations);
