namespace Nines.Availability.Model;

/// <summary>The role a service unit plays for one service instance (AMF's HA state).</summary>
public enum HaState
{
    /// <summary>Serves the instance.</summary>
    Active,

    /// <summary>Follows the active (reads its checkpoints) and takes over when asked.</summary>
    Standby,

    /// <summary>Finishing the requests it has accepted, taking no new ones (switchover, first half).</summary>
    Quiescing,

    /// <summary>Holds no work in flight and serves nothing; the standby may now become active.</summary>
    Quiesced,
}

/// <summary>Whether a unit's process (VM or OS-level instance) exists, as the manager knows it.</summary>
public enum UnitPresence
{
    /// <summary>Asked for, not yet ready.</summary>
    Instantiating,

    /// <summary>Running and ready: it may take assignments while enabled.</summary>
    Instantiated,

    /// <summary>Being restarted or reset in place; it comes back through a ready observation.</summary>
    Restarting,

    /// <summary>Given up (failed over or its host failed): it never takes work again.</summary>
    Terminated,
}

/// <summary>Whether a unit works (AMF's operational state).</summary>
public enum UnitOperationalState
{
    /// <summary>No failure seen since it became ready.</summary>
    Enabled,

    /// <summary>A failure was observed. Until it is known dead (exited or fenced) it may still hold assignments.</summary>
    Disabled,
}
