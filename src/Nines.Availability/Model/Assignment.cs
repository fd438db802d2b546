namespace Nines.Availability.Model;

/// <summary>One unit's HA state for one service instance.</summary>
public sealed record Assignment(string Unit, string Instance, HaState State);
