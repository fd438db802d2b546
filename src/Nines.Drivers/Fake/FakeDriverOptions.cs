namespace Nines.Drivers.Fake;

/// <summary>How a <see cref="FakeDriver"/> behaves as a driver (per-VM behaviour is in <see cref="FakeBehaviour"/>).</summary>
public sealed record FakeDriverOptions
{
    /// <summary>Everything the fake implements. Tests remove flags to play a less capable driver.</summary>
    public const DriverCapabilities AllCapabilities =
        DriverCapabilities.Pause | DriverCapabilities.SuspendToDisk | DriverCapabilities.GuestAgent
        | DriverCapabilities.Watchdog | DriverCapabilities.Balloon | DriverCapabilities.Reattach
        | DriverCapabilities.GracefulShutdown | DriverCapabilities.Reboot | DriverCapabilities.RealTime
        | DriverCapabilities.LiveMigration;

    public DriverCapabilities Capabilities { get; init; } = AllCapabilities;

    /// <summary>How long each of a live migration's three progress steps takes.</summary>
    public TimeSpan MigrationStepTime { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often the driver pings each guest agent.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Silence longer than this makes a running guest's heartbeat lost.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Guests that may boot at once, as the QEMU driver's <c>MaxConcurrentBoots</c>: a start waits for a slot, held
    /// until the guest's agent first answers (or the guest has no agent, or its process ends). Null: no limit.
    /// </summary>
    public int? MaxConcurrentBoots { get; init; }

    /// <summary>How long a guest command may take when it sets no timeout of its own.</summary>
    public TimeSpan GuestCommandTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
