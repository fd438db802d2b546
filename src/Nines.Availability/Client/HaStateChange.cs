namespace Nines.Availability.Client;

/// <summary>One published HA-state change, as a watcher of the store saw it, with who served each instance after it.</summary>
/// <param name="Revision">The store revision of the change.</param>
/// <param name="At">When the recorder saw it (its clock).</param>
/// <param name="Unit">The unit whose record changed.</param>
/// <param name="Instances">That unit's states after the change (empty: the record was removed).</param>
/// <param name="Serving">Instance → the units holding it active or quiescing after the change (at most one, unless split brain).</param>
public sealed record HaStateChange(
    long Revision,
    DateTimeOffset At,
    string Unit,
    IReadOnlyList<InstanceHaState> Instances,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Serving);
