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
