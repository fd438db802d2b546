namespace Nines.Availability.Model;

/// <summary>Whether a unit works (AMF's operational state).</summary>
public enum UnitOperationalState
{
    /// <summary>No failure seen since it became ready.</summary>
    Enabled,

    /// <summary>A failure was observed. Until it is known dead (exited or fenced) it may still hold assignments.</summary>
    Disabled,
}
