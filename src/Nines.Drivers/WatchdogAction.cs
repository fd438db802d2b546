namespace Nines.Drivers;

/// <summary>What the hypervisor does when the guest stops feeding its watchdog.</summary>
public enum WatchdogAction
{
    /// <summary>Hard reset: the guest reboots (reported as <see cref="VmEventKind.Reset"/>).</summary>
    Reset,

    /// <summary>Power the VM off at once (reported as a crash with reason <see cref="VmExitKind.Watchdog"/>).</summary>
    Poweroff,

    /// <summary>Ask the guest to shut down; a hung guest cannot, so it is reported like <see cref="Poweroff"/>.</summary>
    Shutdown,

    /// <summary>Freeze the guest for inspection.</summary>
    Pause,

    /// <summary>Only report the event.</summary>
    None,
}
