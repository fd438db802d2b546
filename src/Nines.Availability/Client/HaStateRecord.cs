namespace Nines.Availability.Client;

/// <summary>What the agent publishes for one unit: its HA state per service instance.</summary>
public sealed record HaStateRecord(string Group, string Unit, IReadOnlyList<InstanceHaState> Instances);
