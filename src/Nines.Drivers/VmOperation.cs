namespace Nines.Drivers;

/// <summary>The operations a caller can ask of a defined VM; <see cref="VmStateMachine"/> says which are legal when.</summary>
public enum VmOperation
{
    Start,
    Pause,
    Resume,
    Suspend,
    Restore,
    Shutdown,
    Destroy,
    Reboot,
    Exec,
    WriteFile,
    Remove,

    /// <summary>Live-migrate a running VM away (the source side).</summary>
    Migrate,

    /// <summary>Wait for a live migration to arrive (the destination side).</summary>
    PrepareIncoming,

    /// <summary>Take over a VM whose live migration has arrived: check the guest and let it run here.</summary>
    CompleteIncoming,
}
