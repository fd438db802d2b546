using System.Globalization;
using System.Text;

namespace Nines.Drivers.Container.Launch;

/// <summary>
/// The host shell scripts that start an instance under crun without races. <c>launch.sh</c> (detached with
/// <c>setsid</c>) writes its own pid into every cgroup first, so everything it starts is limited from the first
/// instruction, then execs <c>unshare --mount</c> into <c>init.sh</c>, the instance's supervisor: in that private mount
/// namespace (gone with it) it mounts the overlay root, gives it to the instance's ids the first time (a
/// metadata-only copy-up), and runs <c>crun run</c> in the foreground, whose status (128 + signal for a signal) it
/// records when the instance's init ends. crun's <c>createRuntime</c> hook records the init's pid and waits on a FIFO
/// until the driver has plugged the veths in; its <c>poststart</c> hook records that the command runs. Pure: every value
/// is single-quoted into the text.
/// </summary>
internal static class LaunchScripts
{
    /// <summary>Exit statuses of the scripts themselves (the command's own statuses pass through).</summary>
    public const int CgroupJoinFailed = 121;
    public const int NoInitPid = 122;
    public const int NotReleased = 123;
    public const int RootMountFailed = 124;

    public const string Path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static string Launch(ContainerRunDirectory run, IEnumerable<string> cgroupProcsFiles, int? realTimePriority)
    {
        var text = new StringBuilder("#!/bin/sh\n# Written by the Nines container driver: joins the cgroups, then runs the supervisor in a mount namespace of its own.\n");
        foreach (var procs in cgroupProcsFiles)
        {
            text.Append(CultureInfo.InvariantCulture, $"echo $$ > {Quote(procs)} || exit {CgroupJoinFailed}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"echo $$ > {Quote(run.LauncherPidFile + ".tmp")} && mv -f {Quote(run.LauncherPidFile + ".tmp")} {Quote(run.LauncherPidFile)}\n");
        var chrt = realTimePriority is { } p ? $"chrt -f {p.ToString(CultureInfo.InvariantCulture)} " : string.Empty;
        text.Append(CultureInfo.InvariantCulture, $"exec {chrt}unshare --mount --propagation private -- /bin/sh {Quote(run.InitScript)}\n");
        return text.ToString();
    }

    /// <summary>The supervisor: root, then crun in the foreground; <paramref name="hostId"/> is root inside as the host sees it.</summary>
    public static string Init(ContainerRunDirectory run, string lowerRoot, long hostId, string runtime)
    {
        var id = hostId.ToString(CultureInfo.InvariantCulture);
        var crun = $"{Quote(runtime)} --cgroup-manager=disabled --root {Quote(run.OciState)}";
        var layers = $"lowerdir={lowerRoot},upperdir={run.Upper},workdir={run.Work}";
        var text = new StringBuilder("#!/bin/sh\n# Written by the Nines container driver: the supervisor of the instance (crun in the foreground).\n");

        // crun refuses a hybrid cgroup layout; the instance's cgroups are the driver's v1 ones, so the unified mount is hidden here.
        text.Append(CultureInfo.InvariantCulture, $"if grep -q ' /sys/fs/cgroup/unified ' /proc/self/mounts; then umount /sys/fs/cgroup/unified || exit {RootMountFailed}; fi\n");

        // metacopy: the chown below copies up metadata only, the data stays shared with every instance on the same lower root.
        text.Append(CultureInfo.InvariantCulture, $"mount -t overlay overlay -o {Quote(layers + ",metacopy=on")} {Quote(run.RootFs)} 2>/dev/null || mount -t overlay overlay -o {Quote(layers)} {Quote(run.RootFs)} || exit {RootMountFailed}\n");
        text.Append(CultureInfo.InvariantCulture, $"[ \"$(cat {Quote(run.OwnedFile)} 2>/dev/null)\" = {id} ] || {{ chown -R -h {id}:{id} {Quote(run.RootFs)} && echo {id} > {Quote(run.OwnedFile)}; }} || exit {RootMountFailed}\n");
        text.Append(CultureInfo.InvariantCulture, $"{crun} delete --force {OciConfigName} > /dev/null 2>&1\n");
        text.Append(CultureInfo.InvariantCulture, $"{crun} run --bundle {Quote(run.Path)} {OciConfigName} < /dev/null\n");
        text.Append(CultureInfo.InvariantCulture, $"echo $? > {Quote(run.ExitFile)}\n");
        return text.ToString();
    }

    /// <summary>
    /// crun's <c>createRuntime</c> hook, run on the host once the namespaces exist: the container state on its stdin names
    /// the init's pid, recorded for the driver; then it waits until the driver writes <c>go</c> into the FIFO.
    /// </summary>
    public static string CreateHook(ContainerRunDirectory run) =>
        "#!/bin/sh\n# Written by the Nines container driver: crun's createRuntime hook.\n"
        + $"pid=$(sed -n 's/.*\"pid\": *\\([0-9][0-9]*\\).*/\\1/p')\n[ -n \"$pid\" ] || exit {NoInitPid}\n"
        + $"echo $pid > {Quote(run.InitPidFile + ".tmp")} && mv -f {Quote(run.InitPidFile + ".tmp")} {Quote(run.InitPidFile)}\n"
        + $"read go < {Quote(run.GoFifo)}\n[ \"$go\" = go ] || exit {NotReleased}\n";

    /// <summary>crun's <c>poststart</c> hook: the command has been started.</summary>
    public static string StartHook(ContainerRunDirectory run) =>
        $"#!/bin/sh\n# Written by the Nines container driver: crun's poststart hook.\ncat > /dev/null\n: > {Quote(run.StartedFile)}\n";

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

    private const string OciConfigName = Sandbox.OciConfig.ContainerName;
}
