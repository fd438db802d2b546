namespace Nines.Drivers.Container.Sandbox;

/// <summary>
/// What an instance may do, as data: the capabilities its root keeps (all of them relative to its own user namespace),
/// the devices it gets, the kernel paths masked or read-only in its <c>/proc</c> and <c>/sys</c>. Started from the OCI
/// runtime defaults (runc/crun <c>spec</c>, Docker's default) and narrowed.
/// </summary>
internal static class SandboxPolicy
{
    /// <summary>
    /// Docker's default set less <c>CAP_MKNOD</c> (devices are an allow-list) and <c>CAP_SETFCAP</c>, plus
    /// <c>CAP_NET_ADMIN</c>: scenarios configure an instance's addresses and routes from inside, and its network
    /// namespace belongs to its own user namespace, so the capability reaches no other interface. No
    /// <c>CAP_SYS_ADMIN</c>, <c>CAP_SYS_PTRACE</c>, <c>CAP_SYS_MODULE</c>, <c>CAP_SYS_RAWIO</c>, <c>CAP_SYS_TIME</c>,
    /// <c>CAP_SYS_BOOT</c>, <c>CAP_DAC_READ_SEARCH</c> (open_by_handle_at), <c>CAP_BPF</c>, <c>CAP_PERFMON</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> Capabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
        "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_NET_ADMIN", "CAP_SYS_CHROOT", "CAP_AUDIT_WRITE",
    ];

    /// <summary>The device nodes of an instance's <c>/dev</c> (bound from the host's): name, major, minor.</summary>
    public static readonly IReadOnlyList<(string Name, int Major, int Minor)> Devices =
    [
        ("null", 1, 3), ("zero", 1, 5), ("full", 1, 7), ("random", 1, 8), ("urandom", 1, 9), ("tty", 5, 0),
    ];

    /// <summary>Paths over which an empty file or directory is mounted (the OCI default list and <c>/proc/sysrq-trigger</c>).</summary>
    public static readonly IReadOnlyList<string> MaskedPaths =
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
        "/proc/sched_debug", "/proc/scsi", "/proc/sysrq-trigger", "/sys/firmware", "/sys/devices/virtual/powercap", "/sys/kernel/debug",
    ];

    /// <summary>Paths remounted read-only (all of <c>/sys</c> is read-only already).</summary>
    public static readonly IReadOnlyList<string> ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys"];

    /// <summary>The v1 <c>devices</c> cgroup rules: everything denied, then the allow-list (read, write, mknod).</summary>
    public static IEnumerable<string> DeviceCgroupRules => Devices.Select(d => $"c {d.Major}:{d.Minor} rwm");

    /// <summary>How many ids (uids and gids alike) each instance's user namespace maps: 0–65535 inside.</summary>
    public const int IdRangeSize = 65536;
}
