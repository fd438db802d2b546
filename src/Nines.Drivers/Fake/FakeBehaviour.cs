using Nines.Domain;

namespace Nines.Drivers.Fake;

/// <summary>
/// Failures and timings a <see cref="FakeDriver"/> acts out for one VM. Durations are guest running time since the
/// last boot (start, reboot, watchdog reset) on the driver's <see cref="TimeProvider"/>: they stop while the VM is
/// paused and survive suspend/restore, as a real guest's would.
/// </summary>
/// <param name="FailStart">Start fails with a <see cref="Errors.DriverFailureException"/> carrying this message; nothing runs.</param>
/// <param name="BootTime">From boot to the guest agent's first answer (<see cref="VmEventKind.GuestReady"/>).</param>
/// <param name="CrashAfter">The process dies (by <paramref name="CrashSignal"/>, or exits with <paramref name="CrashExitCode"/> when set).</param>
/// <param name="HangAfter">The guest stops answering (heartbeat, exec, graceful shutdown, watchdog feeding); the process lives on.</param>
/// <param name="PanicAfter">The guest kernel panics: <see cref="VmEventKind.GuestPanicked"/>, then a crash.</param>
/// <param name="IgnoreShutdown">The guest ignores graceful shutdown requests, so shutdown ends forced.</param>
/// <param name="ShutdownTime">How long the guest takes to power off when asked.</param>
/// <param name="WatchdogTimeout">From a hang to the watchdog firing (when the definition has a watchdog); null means 30 s.</param>
/// <param name="ExecRules">Results of guest commands: the first rule whose pattern matches the command line wins; no match exits 0 with no output.</param>
/// <param name="CpuPercent">Host CPU the VM's process uses while running, in percent of one CPU.</param>
/// <param name="NicBytesPerSecond">Traffic each NIC receives and sends per second of running time.</param>
public sealed record FakeBehaviour(
    string? FailStart = null,
    TimeSpan BootTime = default,
    TimeSpan? CrashAfter = null,
    int CrashSignal = 9,
    int? CrashExitCode = null,
    TimeSpan? HangAfter = null,
    TimeSpan? PanicAfter = null,
    bool IgnoreShutdown = false,
    TimeSpan ShutdownTime = default,
    TimeSpan? WatchdogTimeout = null,
    ValueList<FakeExecRule> ExecRules = default,
    double CpuPercent = 5,
    long NicBytesPerSecond = 1000)
{
    /// <summary>A VM that boots at once and never fails.</summary>
    public static FakeBehaviour Healthy { get; } = new();

    /// <summary>The watchdog delay used when <see cref="WatchdogTimeout"/> is not set.</summary>
    public static TimeSpan DefaultWatchdogTimeout { get; } = TimeSpan.FromSeconds(30);
}
