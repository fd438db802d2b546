using Nines.Networking.Commands;

namespace Nines.Drivers.Container;

/// <summary>How a container driver runs; every member has a working default.</summary>
public sealed record ContainerDriverOptions
{
    /// <summary>Where run directories (one per instance) live; null for <see cref="DefaultStateDirectory"/>.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Where the shared busybox root is built and cached; null for the guest image's cache directory.</summary>
    public string? RootCacheDirectory { get; init; }

    /// <summary>The cgroup every instance's group is made under, in every hierarchy (<c>nines/ID</c>).</summary>
    public string CgroupParent { get; init; } = "nines";

    /// <summary>Where the cgroup file systems are mounted.</summary>
    public string CgroupRoot { get; init; } = "/sys/fs/cgroup";

    /// <summary>
    /// Runs <c>ip</c> for the host ends of veth pairs, in the network namespace the host's Open vSwitch bridge is in
    /// (a <see cref="NetnsCommandRunner"/> when OVS runs in a namespace, as in tests).
    /// </summary>
    public ICommandRunner NetworkCommands { get; init; } = new ProcessCommandRunner();

    /// <summary>Runs the host programs the driver needs (the launcher, <c>crun exec</c>, <c>chrt</c>, busybox).</summary>
    public IProcessRunner Processes { get; init; } = ProcessRunner.Default;

    /// <summary>
    /// Called with a veth's host end once it exists and is up, so the switch opens this device (and not one of the same
    /// name from the instance's previous run); null when nothing needs telling.
    /// </summary>
    public Func<string, CancellationToken, Task>? AttachPort { get; init; }

    /// <summary>How often running instances are checked for an exit (the exit is reported within this).</summary>
    public TimeSpan ExitPollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a launch may take until the instance's init reports in.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a command in an instance may run when it sets no timeout of its own.</summary>
    public TimeSpan ExecTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Real-time CPU time (µs per second) given to an instance that asks for SCHED_FIFO (cgroup v1 RT group scheduling).</summary>
    public int RealTimeRuntimeMicroseconds { get; init; } = 50_000;

    /// <summary>The OCI runtime that starts instances (crun: a path, or a name looked up on <c>PATH</c>).</summary>
    public string Runtime { get; init; } = "crun";

    /// <summary>
    /// Host directories an administrator allows as instance roots (<c>ContainerDefinition.RootDirectory</c>, a scenario's
    /// <c>hostfs</c> filesystem): a root must be one of them or inside one, after symbolic links are resolved, and is
    /// never <c>/</c>. Each is only ever the read-only lower layer of an instance's overlay. Empty (the default): only
    /// the busybox root.
    /// </summary>
    public IReadOnlyList<string> AllowedRootDirectories { get; init; } = [];

    /// <summary>
    /// Where instances' roots are mounted (one directory per instance, named by a hash of its run directory), outside the
    /// state directory: the instance's unprivileged root must be able to walk the path to its mount point, and a data
    /// directory usually has a 0700 ancestor. Missing directories are made 0711; existing ones must be root's, open to
    /// others for search and to nobody else for writing (they are never changed).
    /// </summary>
    public string MountDirectory { get; init; } = "/run/nines/instances";

    /// <summary>The host uid and gid of root inside the first instance; each instance gets its own 65536 ids above it.</summary>
    public long IdRangeBase { get; init; } = 1_000_000_000;

    /// <summary>
    /// The host-wide directory where instances' id ranges are claimed (shared by every driver on the machine, whatever
    /// its state directory).
    /// </summary>
    public string IdRangeRegistry { get; init; } = "/var/lib/nines/id-ranges";

    /// <summary>
    /// The most processes (and threads) an instance may have when its definition sets no limit, so that a fork bomb in
    /// one instance cannot exhaust the host's pids; 0 for none.
    /// </summary>
    public int DefaultPidsLimit { get; init; } = 1024;

    /// <summary>The clock of every timestamp.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary><c>$NINES_HOME/instances</c>, else <c>$XDG_STATE_HOME/nines/instances</c>, else <c>~/.local/state/nines/instances</c>.</summary>
    public static string DefaultStateDirectory(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("NINES_HOME") is { Length: > 0 } home)
        {
            return Path.Combine(home, "instances");
        }

        if (environment("XDG_STATE_HOME") is { Length: > 0 } state)
        {
            return Path.Combine(state, "nines", "instances");
        }

        var user = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(user, ".local", "state", "nines", "instances");
    }
}
