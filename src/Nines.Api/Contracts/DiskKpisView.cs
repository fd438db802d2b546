namespace Nines.Api.Contracts;

/// <summary>Cumulative counters of one virtual disk.</summary>
public sealed record DiskKpisView(string Device, long ReadBytes, long WrittenBytes, long ReadOperations, long WriteOperations);
