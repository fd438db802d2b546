using System.Text;
using Nines.Domain.Scenarios;
using Nines.Drivers.Fake;
using Nines.Drivers.Sequences;

namespace Nines.Drivers.Tests.Sequences;

public class ExecSequenceRunnerFileTreeTests
{
    private static FileTreeEntry File(string path, string text, int mode = 420) => new(path, Encoding.UTF8.GetBytes(text), mode);

    private static Scenario Lab(VmSpec vm) => new("lab", Vms: [vm]);

    [Fact]
    public async Task RunAsync_FileTree_CreatesDirectoriesWritesFilesAndSetsModes()
    {
        await using var f = new SequenceFixture();
        f.HostTrees["conf/r1"] = [File("zebra.conf", "hostname r1\n"), File("init.d/zebra", "#!/bin/sh\n", 493), File("init.d/ospfd", "#!/bin/sh\n", 493)];
        var scenario = Lab(new VmSpec("r1", FileTrees: [new FileTreeSpec("start", "/etc/quagga/", "conf/r1")]));
        await f.StartAllAsync(scenario);

        var result = await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        var outcome = result.Vms[0].Outcomes.ShouldHaveSingleItem();
        outcome.ShouldBe(new ExecOutcome("r1", "start", 1, "filetree conf/r1 -> /etc/quagga/", 0, "3 file(s) copied to /etc/quagga/\n", string.Empty, TimeSpan.Zero, null));
        f.Driver.CallsOf("lab.r1").ShouldBe([
            "/bin/sh -c mkdir -p '/etc/quagga' '/etc/quagga/init.d'",
            "write /etc/quagga/zebra.conf",
            "write /etc/quagga/init.d/zebra",
            "write /etc/quagga/init.d/ospfd",
            "/bin/sh -c chmod 644 '/etc/quagga/zebra.conf'",
            "/bin/sh -c chmod 755 '/etc/quagga/init.d/zebra' '/etc/quagga/init.d/ospfd'"]);
        Encoding.UTF8.GetString(f.Fake.ReadGuestFile("lab.r1", "/etc/quagga/zebra.conf").ShouldNotBeNull()).ShouldBe("hostname r1\n");
    }

    [Fact]
    public async Task RunAsync_FileTreesAndExecs_FileTreesRunFirst()
    {
        await using var f = new SequenceFixture();
        f.HostTrees["conf"] = [File("a.conf", "a")];
        var scenario = Lab(new VmSpec(
            "r1",
            FileTrees: [new FileTreeSpec("start", "/etc", "conf"), new FileTreeSpec("other", "/opt", "conf")],
            Execs: [new ExecSpec("start", ExecType.Verbatim, "cat /etc/a.conf")]));
        await f.StartAllAsync(scenario);

        var result = await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        result.Vms[0].Outcomes.Select(o => o.Command).ShouldBe(["filetree conf -> /etc", "cat /etc/a.conf"]);
        f.Driver.CallsOf("lab.r1")[^1].ShouldBe("/bin/sh -c cat /etc/a.conf");
        f.Fake.ReadGuestFile("lab.r1", "/opt/a.conf").ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_FileTreeWithUser_ChownsTheCopiedFiles()
    {
        await using var f = new SequenceFixture();
        f.HostTrees["home"] = [File(".profile", "export A=1\n")];
        var scenario = Lab(new VmSpec("r1", FileTrees: [new FileTreeSpec("start", "/home/alice", "home", User: "alice")]));
        await f.StartAllAsync(scenario);

        await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        f.Driver.CallsOf("lab.r1")[^1].ShouldBe("/bin/sh -c chown 'alice' '/home/alice/.profile'");
    }

    [Fact]
    public async Task RunAsync_FileTreeEscapingItsRoot_FailsWithoutWritingAnything()
    {
        await using var f = new SequenceFixture();
        f.HostTrees["evil"] = [File("ok", "x"), File("../../etc/shadow", "x")];
        var scenario = Lab(new VmSpec("r1", FileTrees: [new FileTreeSpec("start", "/tmp/t", "evil")]));
        await f.StartAllAsync(scenario);

        var result = await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        result.Failures.ShouldHaveSingleItem().Error.ShouldBe(
            "vm \"r1\", sequence \"start\", command 1 of 1 \"filetree evil -> /tmp/t\": \"../../etc/shadow\" in \"evil\" is not a relative path below the tree (expected no leading / and no ..)");
        f.Driver.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_FileTreeSourceMissing_FailsNamingTheSource()
    {
        await using var f = new SequenceFixture();
        var scenario = Lab(new VmSpec("r1", FileTrees: [new FileTreeSpec("start", "/etc", "conf/nowhere")]));
        await f.StartAllAsync(scenario);

        var result = await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        result.Failures.ShouldHaveSingleItem().Error.ShouldBe(
            "vm \"r1\", sequence \"start\", command 1 of 1 \"filetree conf/nowhere -> /etc\": cannot read directory tree \"conf/nowhere\": Could not find a part of the path 'conf/nowhere'.");
    }

    [Fact]
    public async Task RunAsync_FileTreeMkdirFails_ReportsItsExitCodeAndStopsTheVm()
    {
        await using var f = new SequenceFixture();
        f.HostTrees["conf"] = [File("a", "a")];
        var scenario = Lab(new VmSpec("r1", FileTrees: [new FileTreeSpec("start", "/ro", "conf")], Execs: [new ExecSpec("start", ExecType.Verbatim, "echo never")]));
        await f.StartAllAsync(scenario, new FakeExecRule("mkdir", 1, string.Empty, "mkdir: can't create directory '/ro': Read-only file system\n"));

        var result = await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        var failure = result.Failures.ShouldHaveSingleItem();
        failure.ExitCode.ShouldBe(1);
        failure.Error.ShouldBe("vm \"r1\", sequence \"start\", command 1 of 2 \"filetree conf -> /ro\": exited with 1: mkdir: can't create directory '/ro': Read-only file system");
        f.Driver.CallsOf("lab.r1").ShouldBe(["/bin/sh -c mkdir -p '/ro'"]);
    }

    [Theory]
    [InlineData("/", "etc/hosts", "/etc/hosts")]
    [InlineData("/etc/", "./hosts", "/etc/hosts")]
    [InlineData("/etc", "sub\\hosts", "/etc/sub/hosts")]
    [InlineData("/etc", "/hosts", null)]
    [InlineData("/etc", "a/../../hosts", null)]
    [InlineData("/etc", "a//b", null)]
    public void GuestPath_RootAndRelativePath_JoinedOrRefused(string root, string relative, string? expected) =>
        ExecSequenceRunner.GuestPath(root, relative).ShouldBe(expected);
}
