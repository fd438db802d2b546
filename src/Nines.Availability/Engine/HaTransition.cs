using Nines.Availability.Model;

namespace Nines.Availability.Engine;

/// <summary>
/// One change of one unit's HA state for one instance, numbered in the order it happened.
/// <paramref name="From"/> null is a new assignment; <paramref name="To"/> null removes it.
/// </summary>
public sealed record HaTransition(
    long Sequence,
    DateTimeOffset At,
    string Group,
    string Unit,
    string Instance,
    HaState? From,
    HaState? To,
    string Reason);
