namespace Nines.Controller.Repositories;

/// <summary>What one retention pass removed.</summary>
public sealed record RetentionPass(int Events, int Operations, long? CompactedTo);
