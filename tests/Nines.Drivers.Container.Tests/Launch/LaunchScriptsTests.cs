using Nines.Drivers.Container.Launch;

namespace Nines.Drivers.Container.Tests.Launch;

public sealed class LaunchScriptsTests
{
    private static readonly ContainerRunDirectory _run = new("/state/it's");

    [Fact]
    public void Quote_WordWithQuotesAndShellSyntax_IsOneLiteralWord()
    {
        LaunchScripts.Quote("a'b $(rm -rf /)").ShouldBe("'a'\\''b $(rm -rf /)'");
    }

    [Fact]
    public void Launch_Always_JoinsEveryCgroupBeforeTheNamespacesAndExecsUnshareWithoutFork()
    {
        var script = LaunchScripts.Launch(_run, ["/cg/memory/n/x/cgroup.procs", "/cg/cpu/n/x/cgroup.procs"], realTimePriority: 5);

        var lines = script.Split('\n');
        var join = Array.FindLastIndex(lines, l => l.Contains("cgroup.procs", StringComparison.Ordinal));
        var unshare = Array.FindIndex(lines, l => l.Contains("unshare", StringComparison.Ordinal));
        join.ShouldBeLessThan(unshare);
        lines[unshare].ShouldStartWith("exec chrt -f 5 unshare --pid --mount --uts --ipc --net");
        lines[unshare].ShouldNotContain("--fork");
        script.ShouldContain("'/state/it'\\''s/init.sh'");
    }

    [Fact]
    public void Init_VethNicsAndCommand_BringsNicsUpAndExecsTheQuotedCommandChrooted()
    {
        var definition = new VmDefinition("x", "web-1", 64, 1, new BootSource(),
            [new NicDefinition(0, "02:00:00:00:00:01", "n", "veth:ntabc"), new NicDefinition(1, "02:00:00:00:00:02", "n")],
            Container: new ContainerDefinition(["/bin/echo", "a b", "$HOME"], Environment: ["MODE=x"]));

        var script = LaunchScripts.Init(_run, definition, "/roots/busybox");

        script.ShouldContain("ip link set dev eth0 up");
        script.ShouldNotContain("eth1");
        script.ShouldContain("hostname 'web-1'");
        script.ShouldContain("'MODE=x' chroot '/state/it'\\''s/rootfs' '/bin/echo' 'a b' '$HOME'");
        script.ShouldContain("lowerdir=/roots/busybox,upperdir=/state/it'\\''s/upper");
    }

    [Fact]
    public void CommandOf_NoCommand_IsAnIdleShellThatEndsOnSigterm()
    {
        LaunchScripts.CommandOf(new VmDefinition("x", "x", 64, 1, new BootSource()))[2].ShouldContain("trap 'exit 0' TERM");
    }
}
