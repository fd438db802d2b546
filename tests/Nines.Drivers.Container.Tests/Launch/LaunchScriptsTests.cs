using Nines.Drivers.Container.Launch;

namespace Nines.Drivers.Container.Tests.Launch;

public sealed class LaunchScriptsTests
{
    private static readonly ContainerRunDirectory _run = new("/state/it's", "/run/nines/instances/0123456789abcdef");

    [Fact]
    public void Quote_WordWithQuotesAndShellSyntax_IsOneLiteralWord()
    {
        LaunchScripts.Quote("a'b $(rm -rf /)").ShouldBe("'a'\\''b $(rm -rf /)'");
    }

    [Fact]
    public void Launch_Always_JoinsEveryCgroupBeforeTheMountNamespaceOfTheSupervisor()
    {
        var script = LaunchScripts.Launch(_run, ["/cg/memory/n/x/cgroup.procs", "/cg/cpu/n/x/cgroup.procs"], realTimePriority: 5);

        var lines = script.Split('\n');
        var join = Array.FindLastIndex(lines, l => l.Contains("cgroup.procs", StringComparison.Ordinal));
        var unshare = Array.FindIndex(lines, l => l.Contains("unshare", StringComparison.Ordinal));
        join.ShouldBeLessThan(unshare);
        lines[unshare].ShouldStartWith("exec chrt -f 5 unshare --mount --propagation private");
        lines[unshare].ShouldNotContain("--fork");
        script.ShouldContain("'/state/it'\\''s/init.sh'");
    }

    [Fact]
    public void Init_Always_MountsTheOverlayGivesItToTheInstanceIdsAndRunsCrunInTheForeground()
    {
        var script = LaunchScripts.Init(_run, "/roots/busybox", 1_000_065_536, "/usr/bin/crun");

        var lines = script.Split('\n');
        int Line(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        script.ShouldContain("lowerdir=/roots/busybox,upperdir=/state/it'\\''s/upper");
        script.ShouldContain("chown -R -h 1000065536:1000065536 '/run/nines/instances/0123456789abcdef/rootfs'");
        script.ShouldContain("'/usr/bin/crun' --cgroup-manager=disabled --root '/state/it'\\''s/oci' run --bundle '/state/it'\\''s' instance");
        script.ShouldNotContain("chroot");
        Line("umount /sys/fs/cgroup/unified").ShouldBeLessThan(Line(" run --bundle"));
        Line("mount -t overlay").ShouldBeLessThan(Line("chown -R"));
        Line(" run --bundle").ShouldBeLessThan(Line("echo $? >"));
    }

    [Fact]
    public void CreateHook_Always_RecordsTheInitPidFromTheStateThenWaitsForGo()
    {
        var script = LaunchScripts.CreateHook(_run);

        script.IndexOf("init.pid", StringComparison.Ordinal).ShouldBeLessThan(script.IndexOf("read go", StringComparison.Ordinal));
        script.ShouldContain("\"pid\"");
    }

    [Fact]
    public void CommandOf_NoCommand_IsAnIdleShellThatEndsOnSigterm()
    {
        LaunchScripts.CommandOf(new VmDefinition("x", "x", 64, 1, new BootSource()))[2].ShouldContain("trap 'exit 0' TERM");
    }
}
