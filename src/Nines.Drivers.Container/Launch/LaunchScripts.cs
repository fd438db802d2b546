using System.Globalization;
using System.Text;

namespace Nines.Drivers.Container.Launch;

/// <summary>
/// The two host shell scripts that start an instance without races. <c>launch.sh</c> (detached with
/// <c>setsid</c>) writes its own pid into every cgroup first, so everything it starts is limited from the first
/// instruction, then execs <c>unshare</c> (new PID, mount, UTS, IPC and network namespaces) into <c>init.sh</c>.
/// That shell stays in the host's PID namespace as the instance's supervisor: it forks the instance's init (PID 1
/// of the new namespace, so its host pid is <c>$!</c>), and records the init's exit status (128 + signal for a
/// signal) when it ends. The init waits on a FIFO until the driver has plugged the veths in, mounts the overlay
/// root, <c>/proc</c>, a small <c>/dev</c> and a read-only <c>/sys</c>, sets the host name and execs the command chrooted. Pure: every value
/// is single-quoted into the text.
/// </summary>
/// <remarks>
/// <c>unshare --fork</c> is not used: for an init killed by SIGKILL it cannot re-raise the signal and exits 1, so
/// the signal would be lost.
/// </remarks>
internal static class LaunchScripts
{
    /// <summary>Exit statuses of the scripts themselves (the command's own statuses pass through).</summary>
    public const int CgroupJoinFailed = 121;
    public const int NotReleased = 123;
    public const int RootMountFailed = 124;

    public const string Path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static string Launch(ContainerRunDirectory run, IEnumerable<string> cgroupProcsFiles, int? realTimePriority)
    {
        var text = new StringBuilder("#!/bin/sh\n# Written by the Nines container driver: joins the cgroups, then starts the namespaces.\n");
        foreach (var procs in cgroupProcsFiles)
        {
            text.Append(CultureInfo.InvariantCulture, $"echo $$ > {Quote(procs)} || exit {CgroupJoinFailed}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"echo $$ > {Quote(run.LauncherPidFile + ".tmp")} && mv -f {Quote(run.LauncherPidFile + ".tmp")} {Quote(run.LauncherPidFile)}\n");
        var chrt = realTimePriority is { } p ? $"chrt -f {p.ToString(CultureInfo.InvariantCulture)} " : string.Empty;
        text.Append(CultureInfo.InvariantCulture, $"exec {chrt}unshare --pid --mount --uts --ipc --net --propagation private -- /bin/sh {Quote(run.InitScript)}\n");
        return text.ToString();
    }

    public static string Init(ContainerRunDirectory run, VmDefinition definition, string lowerRoot)
    {
        var rootfs = run.RootFs;
        var text = new StringBuilder("#!/bin/sh\n# Written by the Nines container driver: the supervisor of the instance's init (the subshell).\n(\n");
        text.Append(CultureInfo.InvariantCulture, $"read go < {Quote(run.GoFifo)}\n[ \"$go\" = go ] || exit {NotReleased}\n");
        text.Append("ip link set dev lo up\n");
        foreach (var nic in definition.Nics.Where(n => VethAttachment.Parse(n.Attachment) is not null))
        {
            text.Append(CultureInfo.InvariantCulture, $"ip link set dev eth{nic.Id.ToString(CultureInfo.InvariantCulture)} up\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"mount -t overlay overlay -o {Quote($"lowerdir={lowerRoot},upperdir={run.Upper},workdir={run.Work}")} {Quote(rootfs)} || exit {RootMountFailed}\n");
        text.Append(CultureInfo.InvariantCulture, $"mkdir -p {Quote(rootfs + "/proc")} {Quote(rootfs + "/dev")} {Quote(rootfs + "/tmp")} && mount -t proc proc {Quote(rootfs + "/proc")} || exit {RootMountFailed}\n");
        text.Append(CultureInfo.InvariantCulture, $"mount -t tmpfs -o mode=0755,size=64k tmpfs {Quote(rootfs + "/dev")} || exit {RootMountFailed}\n");
        text.Append(CultureInfo.InvariantCulture, $"for d in null zero full random urandom tty; do : > {Quote(rootfs + "/dev/")}$d && mount --bind /dev/$d {Quote(rootfs + "/dev/")}$d || exit {RootMountFailed}; done\n");
        // The instance's own sysfs (its network namespace's interfaces), read-only: scripts find NICs by MAC there.
        text.Append(CultureInfo.InvariantCulture, $"mkdir -p {Quote(rootfs + "/sys")} && mount -t sysfs -o ro,nosuid,nodev,noexec sysfs {Quote(rootfs + "/sys")} || exit {RootMountFailed}\n");
        text.Append(CultureInfo.InvariantCulture, $"hostname {Quote(definition.Name)}\n");
        var environment = new List<string> { $"PATH={Path}", "HOME=/root", $"HOSTNAME={definition.Name}", "TERM=linux" };
        environment.AddRange(definition.Container?.Environment ?? []);
        var command = CommandOf(definition);
        text.Append(CultureInfo.InvariantCulture, $"cd {Quote(rootfs)} && exec env -i {string.Join(' ', environment.Select(Quote))} chroot {Quote(rootfs)} {string.Join(' ', command.Select(Quote))}\n");
        text.Append(") &\n");

        // Builtins only from here: once the init has ended, its PID namespace accepts no new process (no mv).
        text.Append(CultureInfo.InvariantCulture, $"echo $! > {Quote(run.InitPidFile)}\n");
        text.Append(CultureInfo.InvariantCulture, $"wait $!\necho $? > {Quote(run.ExitFile)}\n");
        return text.ToString();
    }

    /// <summary>
    /// The instance's init command: the definition's, or an idle shell that ends cleanly on SIGTERM (an init without
    /// a handler ignores SIGTERM, as PID 1 does).
    /// </summary>
    public static IReadOnlyList<string> CommandOf(VmDefinition definition) =>
        definition.Container is { Command.IsEmpty: false } container
            ? [.. container.Command]
            : ["/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"];

    /// <summary>A word for <c>sh</c>: single-quoted, embedded quotes closed and escaped.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
