namespace Nines.Drivers.Qemu;

/// <summary>How a QEMU driver runs; every member has a working default.</summary>
public sealed record QemuDriverOptions
{
    /// <summary>Where run directories (one per VM) and the accelerator verdict live; null for <see cref="DefaultStateDirectory"/>.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>The QEMU system emulator: a name looked up on PATH, or a path.</summary>
    public string QemuBinary { get; init; } = "qemu-system-x86_64";

    /// <summary>
    /// Words put before the QEMU binary when a VM is launched, e.g. <c>ip netns exec NS</c>: QEMU opens its taps
    /// (<c>-netdev tap,ifname=…</c>) in its own network namespace, so when the host's networks live in a
    /// namespace, QEMU must be launched in it. The prefix must exec QEMU (not fork it), so the pid file and
    /// <c>/proc/PID/cmdline</c> still name QEMU. Empty launches QEMU directly.
    /// </summary>
    public IReadOnlyList<string> LaunchPrefix { get; init; } = [];

    /// <summary>Guests booting at the same time; more starve each other (and panic) on small hosts.</summary>
    public int MaxConcurrentBoots { get; init; } = 2;

    /// <summary>How often each running guest's agent is pinged.</summary>
    public TimeSpan HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Silence longer than this makes a running, ready guest's heartbeat lost (a hung guest).</summary>
    public TimeSpan HeartbeatMax { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a boot may hold its slot waiting for the guest to be ready.</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a guest command may run when it sets no timeout of its own.</summary>
    public TimeSpan GuestCommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock of every timeout and timestamp.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Runs the host programs the driver needs (the QEMU launch, <c>taskset</c>, <c>chrt</c>, the accelerator probe).</summary>
    public IProcessRunner Processes { get; init; } = ProcessRunner.Default;

    /// <summary>
    /// The guest the accelerator probe boots with KVM (kernel, initrd, command line). Without it KVM cannot be
    /// proven to work, so TCG is used.
    /// </summary>
    public AcceleratorProbeGuest? ProbeGuest { get; init; }

    /// <summary>How long the probe guest may take to print <see cref="ConsoleReadyMarker"/> under KVM.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Skip the probe and use this accelerator (<c>tcg</c> always works); null probes.</summary>
    public string? Accelerator { get; init; }

    /// <summary>
    /// The console line a guest prints when it is up: the probe's proof of a working boot, and the end of a boot
    /// for guests without a guest agent.
    /// </summary>
    public string ConsoleReadyMarker { get; init; } = "NINES-GUEST-READY";

    /// <summary>Directories boot files must resolve into (validation); null allows any readable file.</summary>
    public IReadOnlyList<string>? AllowedRoots { get; init; }

    /// <summary>
    /// The first uid (and gid) of the range VMs' QEMU processes run as when the driver runs as root: one per VM, no passwd
    /// entry needed. The default range, 1 900 000 000 + 65 536, lies above systemd's container uid range (up to
    /// 1 879 048 191) and below 2³¹, apart from users, <c>/etc/subuid</c> ranges and dynamic users.
    /// </summary>
    public uint FirstGuestUid { get; init; } = 1_900_000_000;

    /// <summary>How many uids the range of <see cref="FirstGuestUid"/> holds.</summary>
    public uint GuestUidCount { get; init; } = 65_536;

    /// <summary>How long a launched QEMU may take to listen on its QMP socket.</summary>
    public TimeSpan LaunchTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>$NINES_HOME/vms</c>, else <c>$XDG_STATE_HOME/nines/vms</c>, else <c>~/.local/state/nines/vms</c>.</summary>
    public static string DefaultStateDirectory(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("NINES_HOME") is { Length: > 0 } home)
        {
            return Path.Combine(home, "vms");
        }

        if (environment("XDG_STATE_HOME") is { Length: > 0 } state)
        {
            return Path.Combine(state, "nines", "vms");
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "nines", "vms");
    }

    /// <summary>
    /// How long a live-migrated guest must keep answering its agent (no reset, no exit) on the destination before the
    /// migration completes and the source may be destroyed (2 s).
    /// </summary>
    public TimeSpan MigrationArrivalWatch { get; init; } = TimeSpan.FromSeconds(2);
}
