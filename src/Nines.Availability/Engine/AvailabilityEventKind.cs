namespace Nines.Availability.Engine;

/// <summary>The kinds of availability event.</summary>
public enum AvailabilityEventKind
{
    /// <summary>A recovery decision, with its reason.</summary>
    RecoveryDecided,

    /// <summary>A unit's HA state for an instance changed.</summary>
    HaStateChanged,

    /// <summary>A unit's presence or operational state changed (failed, fenced, ready).</summary>
    UnitStateChanged,

    /// <summary>A new unit was asked for.</summary>
    InstantiationRequested,

    /// <summary>Something the policy could not do (an instance without active or standby) or an admin request refused.</summary>
    Warning,
}
