namespace Nines.Availability.Recovery;

/// <summary>What to do about a failed unit, from the mildest to the widest (AMF's recommended recoveries).</summary>
public enum RecoveryAction
{
    /// <summary>Record and report the failure; change nothing.</summary>
    NotifyOnly,

    /// <summary>Restart the unit in place (a new process on the same host); it returns as a spare or standby.</summary>
    Restart,

    /// <summary>Reset the guest (a reboot inside the same process); like a restart for the group.</summary>
    Reset,

    /// <summary>Move the running unit to another host (live migration); it keeps its assignments.</summary>
    Migrate,

    /// <summary>Give the unit up: its instances go to the standby and a new unit is made on another host.</summary>
    Failover,

    /// <summary>Give the unit's host up: every unit of the group there is failed over and the host is avoided.</summary>
    HostFailover,
}
