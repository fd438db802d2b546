namespace Nines.Availability.Checkpoints;

/// <summary>The head record of a checkpoint.</summary>
internal sealed record CheckpointHead(long Epoch, string Writer, IReadOnlyList<string> Sections);
