using Nines.Domain;

namespace Nines.Availability.Redundancy;

/// <summary>
/// Ask for a new unit for the group, never on <paramref name="AvoidHosts"/> (anti-affinity with the units it has,
/// and failed hosts) and if the cluster allows not on <paramref name="AvoidIfPossible"/> (hosts the group gave a
/// unit up on). The scheduler picks the host; the unit joins when ready.
/// </summary>
public sealed record InstantiationRequest(string Group, ValueList<string> AvoidHosts, string Reason, ValueList<string> AvoidIfPossible = default);
