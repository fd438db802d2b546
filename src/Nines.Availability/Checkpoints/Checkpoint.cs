namespace Nines.Availability.Checkpoints;

/// <summary>
/// The latest state a stateful service saved: named sections of bytes. <paramref name="Revision"/> is the store
/// revision of the write that made it (it only grows), <paramref name="Epoch"/> the writer's epoch.
/// </summary>
public sealed record Checkpoint(
    string Name,
    long Revision,
    long Epoch,
    string Writer,
    IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Sections)
{
    /// <summary>The section's bytes, or null when the checkpoint has no such section.</summary>
    public ReadOnlyMemory<byte>? Section(string name) => Sections.TryGetValue(name, out var value) ? value : (ReadOnlyMemory<byte>?)null;
}
