using System.Text.Json.Nodes;

namespace Nines.Drivers.Container.Sandbox;

/// <summary>
/// The instances' seccomp filter, in the OCI form crun loads (through libseccomp): every system call is allowed
/// except those below, which fail with <c>EPERM</c>. The list is what Docker's default profile keeps from a container
/// without <c>CAP_SYS_ADMIN</c>, narrowed to what an instance never needs: mounting and the new mount API, namespaces
/// (<c>unshare</c>, <c>setns</c>, <c>clone</c> with a <c>CLONE_NEW*</c> flag — a nested user namespace would give back
/// every capability inside it), kexec, modules, the kernel keyring, BPF, perf, ptrace, userfaultfd, io_uring,
/// file handles (<c>open_by_handle_at</c>, the "shocker" escape), clock and swap changes, reboot, and the obsolete calls.
/// <c>clone3</c> fails with <c>ENOSYS</c> so that the C library falls back to <c>clone</c>, whose flags the filter can read.
/// </summary>
/// <remarks>
/// A deny-list and not Docker's allow-list: the user namespace and the short capability list are the barrier (the
/// kernel already refuses most of these without capabilities in the host's namespace); the filter removes the kernel
/// code an unprivileged process could still reach, and a program inside never finds a common call missing.
/// </remarks>
internal static class SeccompProfile
{
    private const int Eperm = 1;
    private const int Enosys = 38;

    /// <summary>Refused system calls.</summary>
    public static readonly IReadOnlyList<string> Denied =
    [
        // Mounts and the new mount API, root changes, namespaces.
        "mount", "umount", "umount2", "pivot_root", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
        "unshare", "setns",

        // Kernel code and its state: kexec, modules, keyrings, BPF, perf, tracing and other processes' memory.
        "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "create_module", "query_module", "get_kernel_syms",
        "add_key", "request_key", "keyctl", "bpf", "perf_event_open", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
        "pidfd_getfd", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register", "lookup_dcookie", "fanotify_init",

        // File handles bypass the mount's root (CVE-2014-3519); quotas, swap, clocks, reboot, accounting.
        "open_by_handle_at", "name_to_handle_at", "quotactl", "quotactl_fd", "swapon", "swapoff", "reboot", "acct",
        "settimeofday", "clock_settime", "clock_settime64", "clock_adjtime", "clock_adjtime64", "adjtimex", "stime", "syslog",

        // Memory policy of other processes, I/O ports, obsolete calls.
        "move_pages", "migrate_pages", "iopl", "ioperm", "vm86", "vm86old", "uselib", "ustat", "sysfs",
        "_sysctl", "nfsservctl", "vhangup",
    ];

    /// <summary>The <c>clone</c> flags that create namespaces (each refused on its own: the filter compares masked values).</summary>
    public static readonly IReadOnlyList<(string Name, ulong Flag)> NamespaceFlags =
    [
        ("CLONE_NEWNS", 0x00020000), ("CLONE_NEWCGROUP", 0x02000000), ("CLONE_NEWUTS", 0x04000000), ("CLONE_NEWIPC", 0x08000000),
        ("CLONE_NEWUSER", 0x10000000), ("CLONE_NEWPID", 0x20000000), ("CLONE_NEWNET", 0x40000000), ("CLONE_NEWTIME", 0x00000080),
    ];

    /// <summary>The <c>linux.seccomp</c> object of the OCI configuration.</summary>
    public static JsonObject ToOci()
    {
        var syscalls = new JsonArray
        {
            new JsonObject { ["names"] = new JsonArray([.. Denied.Select(n => JsonValue.Create(n))]), ["action"] = "SCMP_ACT_ERRNO", ["errnoRet"] = Eperm },
            new JsonObject { ["names"] = new JsonArray("clone3"), ["action"] = "SCMP_ACT_ERRNO", ["errnoRet"] = Enosys },
        };
        foreach (var (_, flag) in NamespaceFlags)
        {
            syscalls.Add(new JsonObject
            {
                ["names"] = new JsonArray("clone"),
                ["action"] = "SCMP_ACT_ERRNO",
                ["errnoRet"] = Eperm,
                ["args"] = new JsonArray(new JsonObject { ["index"] = 0, ["value"] = flag, ["valueTwo"] = flag, ["op"] = "SCMP_CMP_MASKED_EQ" }),
            });
        }

        return new JsonObject
        {
            ["defaultAction"] = "SCMP_ACT_ALLOW",
            ["architectures"] = new JsonArray("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
            ["syscalls"] = syscalls,
        };
    }
}
