using Nines.Availability.Model;

namespace Nines.Availability.Client;

/// <summary>
/// A unit's HA state as its service reads it. <paramref name="Epoch"/> is the store revision of the record: it
/// grows with every change, so the epoch in which a unit became active is newer than any earlier active's and
/// is what the service presents to <see cref="Checkpoints.CheckpointClient.OpenWriterAsync"/>.
/// </summary>
public sealed record HaStateSnapshot(string Group, string Unit, IReadOnlyList<InstanceHaState> Instances, long Epoch)
{
    /// <summary>The unit's state for <paramref name="instance"/>, or null when it holds no assignment for it.</summary>
    public HaState? StateOf(string instance) => Instances.FirstOrDefault(i => i.Instance == instance)?.State;
}
