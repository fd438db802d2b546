using Nines.Availability.Model;

namespace Nines.Availability.Client;

/// <summary>One instance's HA state in a unit's record.</summary>
public sealed record InstanceHaState(string Instance, HaState State);
