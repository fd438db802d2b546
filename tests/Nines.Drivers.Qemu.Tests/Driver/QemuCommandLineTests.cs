using Nines.Drivers.Qemu.Processes;
using Nines.Processes;

namespace Nines.Drivers.Qemu.Tests.Driver;

public sealed class QemuCommandLineTests
{
    private static readonly QemuRunDirectory _run = new("/s/vm1");

    private static VmDefinition Definition(params NicDefinition[] nics) => new(
        "vm1", "vm1", 128, 2, new BootSource("/img/vmlinux", "/img/initrd.gz", "console=ttyS0 quiet"), [.. nics]);

    [Fact]
    public void Build_KernelGuestWithAgent_ExactArguments()
    {
        QemuCommandLine.Build(Definition(), "tcg", _run).ShouldBe(
        [
            "-name", "vm1,process=nines-vm1",
            "-machine", "pc", "-accel", "tcg",
            "-nodefaults", "-no-user-config", "-display", "none",
            "-m", "128", "-smp", "2",
            "-kernel", "/img/vmlinux", "-initrd", "/img/initrd.gz", "-append", "console=ttyS0 quiet",
            "-serial", "file:/s/vm1/console.log",
            "-qmp", "unix:/s/vm1/qemu/qmp.sock,server=on,wait=off",
            "-chardev", "socket,path=/s/vm1/qemu/qga.sock,server=on,wait=off,id=qga0",
            "-device", "virtio-serial-pci,id=serial0",
            "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
            "-device", "virtio-balloon-pci,id=balloon0",
            "-device", "pvpanic", "-action", "panic=shutdown",
            "-sandbox", "on,obsolete=deny,spawn=deny,resourcecontrol=deny",
            "-pidfile", "/s/vm1/qemu/qemu.pid",
        ]);
    }

    [Fact]
    public void Build_GuestUser_DropsToItAfterTheSandbox()
    {
        var args = string.Join(' ', QemuCommandLine.Build(Definition(), "tcg", _run, user: new QemuGuestUser(1900000007, 1900000007)));

        args.ShouldEndWith("-sandbox on,obsolete=deny,spawn=deny,resourcecontrol=deny -runas 1900000007:1900000007 -pidfile /s/vm1/qemu/qemu.pid");
        args.ShouldNotContain("-daemonize");
    }

    [Fact]
    public void Discover_RunDirectoryOfAnEarlierDaemonizedQemu_FindsItsSocketsWhereItMadeThem()
    {
        var root = Directory.CreateTempSubdirectory("nq-layout-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "qemu.pid"), "1");
            var legacy = QemuRunDirectory.Discover(root);
            legacy.Legacy.ShouldBeTrue();
            legacy.QmpSocket.ShouldBe(Path.Combine(root, "qmp.sock"));
            legacy.PidFile.ShouldBe(Path.Combine(root, "qemu.pid"));

            legacy.DeleteRuntimeFiles();
            File.Exists(Path.Combine(root, "qemu.pid")).ShouldBeFalse();
            var current = QemuRunDirectory.Discover(root);
            current.Legacy.ShouldBeFalse();
            current.QmpSocket.ShouldBe(Path.Combine(root, "qemu", "qmp.sock"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void PickGuestUser_HashTaken_MovesToTheNextFreeUidInTheRange()
    {
        var first = QemuGuestUser.Pick("/s/vm1", 1000, 4, new HashSet<uint>());
        first.Uid.ShouldBeInRange(1000u, 1003u);
        first.Gid.ShouldBe(first.Uid);
        QemuGuestUser.Pick("/s/vm1", 1000, 4, new HashSet<uint>()).ShouldBe(first);

        var next = QemuGuestUser.Pick("/s/vm1", 1000, 4, new HashSet<uint> { first.Uid });
        next.Uid.ShouldBe(1000 + ((first.Uid - 1000 + 1) % 4));
        Should.Throw<InvalidOperationException>(() => QemuGuestUser.Pick("/s/vm1", 1000, 4, new HashSet<uint> { 1000, 1001, 1002, 1003 }));
    }

    [Fact]
    public void Build_NicsWatchdogDiskAndIncoming_EachMapsToItsDevices()
    {
        var definition = Definition(
            new NicDefinition(1, "fe:fd:00:00:01:01", "net0", "tap:nines-t1"),
            new NicDefinition(2, "fe:fd:00:00:01:02", "net1"),
            new NicDefinition(3, "fe:fd:00:00:01:03", "net2", "none")) with
        {
            Boot = new BootSource(DiskImagePath: "/img/disk,1.qcow2"),
            Watchdog = new WatchdogDefinition(WatchdogAction.Pause),
            GuestAgent = false,
        };

        var args = string.Join(' ', QemuCommandLine.Build(definition, "kvm", _run, incoming: true));

        args.ShouldContain("-drive file=/img/disk,,1.qcow2,if=none,id=disk0,format=qcow2,snapshot=on -device virtio-blk-pci,drive=disk0");
        args.ShouldContain("-netdev tap,id=net1,ifname=nines-t1,script=no,downscript=no -device virtio-net-pci,mac=fe:fd:00:00:01:01,id=nic1,csum=off,netdev=net1");
        args.ShouldContain("-netdev user,id=net2,restrict=on -device virtio-net-pci,mac=fe:fd:00:00:01:02,id=nic2,netdev=net2");
        args.ShouldContain("-device virtio-net-pci,mac=fe:fd:00:00:01:03,id=nic3 ");
        args.ShouldContain("-device i6300esb -action watchdog=pause");
        args.ShouldContain("-incoming defer -sandbox");
        args.ShouldNotContain("-kernel");
        args.ShouldNotContain("qga");
    }

    [Theory]
    [InlineData("bridge:br0")]
    [InlineData("tap:")]
    [InlineData("tap:a,b=c")]
    [InlineData("tap:waytoolonginterfacename")]
    public void Build_UnsupportedAttachment_Throws(string attachment) =>
        Should.Throw<ArgumentException>(() => QemuCommandLine.Build(Definition(new NicDefinition(1, "fe:fd:00:00:01:01", "n", attachment)), "tcg", _run));

    [Theory]
    [InlineData(WatchdogAction.Reset, "reset")]
    [InlineData(WatchdogAction.Poweroff, "poweroff")]
    [InlineData(WatchdogAction.Shutdown, "shutdown")]
    [InlineData(WatchdogAction.None, "none")]
    public void WatchdogAction_EachAction_QemuName(WatchdogAction action, string expected) =>
        QemuCommandLine.WatchdogAction(action).ShouldBe(expected);

    [Fact]
    public void ParseStat_ZombieKilledBySignal9_ReportsSignal()
    {
        var fields = string.Join(' ', Enumerable.Range(4, 49).Select(i => i switch { 14 => "120", 15 => "30", 22 => "5000", 52 => "9", _ => "0" }));
        var stat = ProcFs.ParseStat($"123 (qemu (x) y) Z {fields}")!;

        stat.IsZombie.ShouldBeTrue();
        stat.CpuTicks.ShouldBe(150);
        stat.StartTicks.ShouldBe(5000);
        stat.ExitReason.ShouldBe(VmExitReason.KilledBy(9));
    }

    [Fact]
    public void ExitReason_ZombieThatExitedWith1_ReportsExitCode_AndLiveProcessNone()
    {
        var fields = string.Join(' ', Enumerable.Range(4, 49).Select(i => i == 52 ? "256" : "0"));

        ProcFs.ParseStat($"123 (qemu) Z {fields}")!.ExitReason.ShouldBe(VmExitReason.ExitedWith(1));
        ProcFs.ParseStat($"123 (qemu) S {fields}")!.ExitReason.ShouldBeNull();
    }
}
