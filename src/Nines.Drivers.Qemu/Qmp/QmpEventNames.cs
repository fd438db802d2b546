namespace Nines.Drivers.Qemu.Qmp;

/// <summary>Event names the driver reacts to; QEMU may send others, which are delivered all the same.</summary>
internal static class QmpEventNames
{
    public const string Shutdown = "SHUTDOWN";
    public const string Powerdown = "POWERDOWN";
    public const string Reset = "RESET";
    public const string Stop = "STOP";
    public const string Resume = "RESUME";
    public const string Suspend = "SUSPEND";
    public const string Wakeup = "WAKEUP";
    public const string Watchdog = "WATCHDOG";
    public const string GuestPanicked = "GUEST_PANICKED";
    public const string Migration = "MIGRATION";
    public const string BalloonChange = "BALLOON_CHANGE";
    public const string DeviceDeleted = "DEVICE_DELETED";
}
