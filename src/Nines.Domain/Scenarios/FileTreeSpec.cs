namespace Nines.Domain.Scenarios;

/// <summary>A host directory copied into the guest at <paramref name="Root"/> when sequence <paramref name="Sequence"/> runs.</summary>
public sealed record FileTreeSpec(string Sequence, string Root, string Source, string? User = null);
