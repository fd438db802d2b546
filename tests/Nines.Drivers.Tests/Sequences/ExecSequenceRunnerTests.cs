using Nines.Domain.Scenarios;
using Nines.Drivers.Fake;
using Nines.Drivers.Sequences;

namespace Nines.Drivers.Tests.Sequences;

public class ExecSequenceRunnerTests
{
    private static ExecSpec Exec(string command, string seq = "start", string? user = null, string? mode = null) =>
        new(seq, ExecType.Verbatim, command, mode, user);

    private static Scenario Lab(params VmSpec[] vms) => new("lab", Vms: [.. vms]);

    [Fact]
    public async Task RunAsync_TwoVms_RunsEachVmsCommandsInDocumentOrderThroughTheShell()
    {
        await using var f = new SequenceFixture();
        var scenario = Lab(
            new VmSpec("vm1", Execs: [Exec("ip link set eth1 up"), Exec("echo other", seq: "stop"), Exec("ip addr add 10.0.0.1/24 dev eth1")]),
            new VmSpec("vm2", Execs: [Exec("hostname vm2"), Exec("sysctl -w net.ipv4.ip_forward=1")]));
        await f.StartAllAsync(scenario);

        var result = await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        result.Succeeded.ShouldBeTrue();
        f.Driver.CallsOf("lab.vm1").ShouldBe(["/bin/sh -c ip link set eth1 up", "/bin/sh -c ip addr add 10.0.0.1/24 dev eth1"]);
        f.Driver.CallsOf("lab.vm2").ShouldBe(["/bin/sh -c hostname vm2", "/bin/sh -c sysctl -w net.ipv4.ip_forward=1"]);
        result.Vms.Select(v => v.Target).ShouldBe(["vm1", "vm2"]);
        result.Vms[0].Outcomes.Select(o => (o.Index, o.Command, o.ExitCode)).ShouldBe([(1, "ip link set eth1 up", 0), (2, "ip addr add 10.0.0.1/24 dev eth1", 0)]);
        result.Host.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_ScriptedOutput_OutcomeCarriesStdoutStderrAndExitCode()
    {
        await using var f = new SequenceFixture();
        var scenario = Lab(new VmSpec("vm1", Execs: [Exec("uname -r")]));
        await f.StartAllAsync(scenario, new FakeExecRule("uname", 0, "6.1.0-28-amd64\n", "note\n"));

        var outcome = (await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None)).Vms[0].Outcomes.ShouldHaveSingleItem();

        outcome.ShouldBe(new ExecOutcome("vm1", "start", 1, "uname -r", 0, "6.1.0-28-amd64\n", "note\n", TimeSpan.Zero, null));
    }

    [Fact]
    public async Task RunAsync_CommandFails_StopsThatVmWithAClearErrorAndOtherVmsGoOn()
    {
        await using var f = new SequenceFixture();
        var scenario = Lab(
            new VmSpec("vm1", Execs: [Exec("true"), Exec("ping -c1 10.0.9.9"), Exec("echo never")]),
            new VmSpec("vm2", Execs: [Exec("echo a"), Exec("echo b")]));
        await f.StartAllAsync(scenario, new FakeExecRule("ping", 2, string.Empty, "connect: Network is unreachable\n"));

        var result = await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        result.Succeeded.ShouldBeFalse();
        var vm1 = result.Vms[0];
        vm1.Stopped.ShouldBeTrue();
        vm1.Planned.ShouldBe(3);
        vm1.Outcomes.Count.ShouldBe(2);
        vm1.Outcomes[1].ExitCode.ShouldBe(2);
        vm1.Outcomes[1].Error.ShouldBe("vm \"vm1\", sequence \"start\", command 2 of 3 \"ping -c1 10.0.9.9\": exited with 2: connect: Network is unreachable");
        f.Driver.CallsOf("lab.vm1").ShouldNotContain("/bin/sh -c echo never");
        result.Vms[1].Succeeded.ShouldBeTrue();
        result.Vms[1].Outcomes.Count.ShouldBe(2);
        result.Failures.ShouldHaveSingleItem().Index.ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_ContinuePolicy_RunsEveryCommandAndReportsEachFailure()
    {
        await using var f = new SequenceFixture();
        f.Options = f.Options with { FailurePolicy = SequenceFailurePolicy.Continue };
        var scenario = Lab(new VmSpec("vm1", Execs: [Exec("false one"), Exec("echo middle"), Exec("false two")]));
        await f.StartAllAsync(scenario, new FakeExecRule("false", 1));

        var result = await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        result.Vms[0].Stopped.ShouldBeFalse();
        result.Vms[0].Outcomes.Count.ShouldBe(3);
        result.Failures.Select(o => o.Error).ShouldBe([
            "vm \"vm1\", sequence \"start\", command 1 of 3 \"false one\": exited with 1: (no stderr)",
            "vm \"vm1\", sequence \"start\", command 3 of 3 \"false two\": exited with 1: (no stderr)"]);
    }

    [Fact]
    public async Task RunAsync_SixVmsBoundTwo_NeverMoreThanTwoVmsAtOnceAndEachInOrder()
    {
        await using var f = new SequenceFixture(execDelay: TimeSpan.FromMilliseconds(15));
        f.Options = f.Options with { MaxParallelVms = 2 };
        var vms = Enumerable.Range(1, 6).Select(i => new VmSpec($"vm{i}", Execs: [Exec($"step 1 on {i}"), Exec($"step 2 on {i}"), Exec($"step 3 on {i}")])).ToArray();
        var scenario = Lab(vms);
        await f.StartAllAsync(scenario);

        var result = await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        result.Succeeded.ShouldBeTrue();
        f.Driver.MaxInFlight.ShouldBe(2);
        for (var i = 1; i <= 6; i++)
        {
            f.Driver.CallsOf($"lab.vm{i}").ShouldBe([$"/bin/sh -c step 1 on {i}", $"/bin/sh -c step 2 on {i}", $"/bin/sh -c step 3 on {i}"]);
        }
    }

    [Fact]
    public async Task RunAsync_BoundOne_VmsRunOneAfterAnotherInDocumentOrder()
    {
        await using var f = new SequenceFixture(execDelay: TimeSpan.FromMilliseconds(5));
        f.Options = f.Options with { MaxParallelVms = 1 };
        var scenario = Lab(new VmSpec("a", Execs: [Exec("a1"), Exec("a2")]), new VmSpec("b", Execs: [Exec("b1"), Exec("b2")]));
        await f.StartAllAsync(scenario);

        await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        f.Driver.MaxInFlight.ShouldBe(1);
        f.Driver.Calls.Select(c => c.Call).ShouldBe(["/bin/sh -c a1", "/bin/sh -c a2", "/bin/sh -c b1", "/bin/sh -c b2"]);
    }

    [Fact]
    public async Task RunAsync_FileExec_RunsEachCommandLineOfTheHostFile()
    {
        await using var f = new SequenceFixture();
        f.HostFiles["conf/vm1.sh"] = "ip link set eth1 up\r\n\n# addresses\n  ip addr add 10.0.0.1/24 dev eth1  \n";
        var scenario = Lab(new VmSpec("vm1", Execs: [Exec("echo first"), new ExecSpec("start", ExecType.File, "conf/vm1.sh"), Exec("echo last")]));
        await f.StartAllAsync(scenario);
        var progress = new ProgressLog();

        var result = await f.Runner().RunAsync(scenario, "start", progress, CancellationToken.None);

        f.Driver.CallsOf("lab.vm1").ShouldBe(["/bin/sh -c echo first", "/bin/sh -c ip link set eth1 up", "/bin/sh -c ip addr add 10.0.0.1/24 dev eth1", "/bin/sh -c echo last"]);
        result.Vms[0].Outcomes.Select(o => $"{o.Index}:{o.Command}").ShouldBe(["1:echo first", "2:ip link set eth1 up", "3:ip addr add 10.0.0.1/24 dev eth1", "4:echo last"]);
        progress.Reports.Where(p => p.Completed is null).Select(p => $"{p.Index}/{p.Count}").ShouldBe(["1/4", "2/4", "3/4", "4/4"]);
    }

    [Fact]
    public async Task RunAsync_FileExecMissing_FailsAtItsTurnNamingTheFile()
    {
        await using var f = new SequenceFixture();
        var scenario = Lab(new VmSpec("vm1", Execs: [Exec("echo first"), new ExecSpec("start", ExecType.File, "conf/missing.sh"), Exec("echo never")]));
        await f.StartAllAsync(scenario);

        var result = await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        var failure = result.Failures.ShouldHaveSingleItem();
        failure.ExitCode.ShouldBeNull();
        failure.Error.ShouldBe("vm \"vm1\", sequence \"start\", command 2 of 3 \"file conf/missing.sh\": cannot read command file \"conf/missing.sh\": Could not find file 'conf/missing.sh'.");
        f.Driver.CallsOf("lab.vm1").ShouldBe(["/bin/sh -c echo first"]);
    }

    [Fact]
    public async Task RunAsync_UnknownSequence_ErrorListsTheSequencesTheScenarioDefines()
    {
        await using var f = new SequenceFixture();
        var scenario = Lab(
            new VmSpec("vm1", Execs: [Exec("a", seq: "stop"), Exec("b", seq: "start")], FileTrees: [new FileTreeSpec("conf", "/etc", "conf/vm1")]),
            new VmSpec("vm2", Execs: [Exec("c", seq: "start")])) with
        {
            Host = new HostSection(Execs: [Exec("d", seq: "host-only")]),
        };

        var error = await Should.ThrowAsync<UnknownSequenceException>(() => f.Runner().RunAsync(scenario, "strat", null, CancellationToken.None));

        error.Message.ShouldBe("sequence \"strat\" is not defined in scenario \"lab\" (expected one of: conf, host-only, start, stop)");
        error.Defined.ShouldBe(["conf", "host-only", "start", "stop"]);
        f.Driver.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_ScenarioWithoutSequences_ErrorSaysThereAreNone()
    {
        await using var f = new SequenceFixture();

        var error = await Should.ThrowAsync<UnknownSequenceException>(() => f.Runner().RunAsync(Lab(new VmSpec("vm1")), "start", null, CancellationToken.None));

        error.Message.ShouldBe("sequence \"start\" is not defined: scenario \"lab\" has no <exec> or <filetree> sequences");
    }

    [Fact]
    public async Task RunAsync_HostExecs_RunAfterEveryVmThroughTheHostRunner()
    {
        await using var f = new SequenceFixture(execDelay: TimeSpan.FromMilliseconds(5));
        var host = new RecordingHostRunner(f.Driver.Calls);
        host.Results["ping -c1 10.0.0.1"] = new HostCommandResult(1, string.Empty, "100% packet loss\n");
        var scenario = Lab(new VmSpec("vm1", Execs: [Exec("ip link set eth1 up")])) with
        {
            Host = new HostSection(Execs: [Exec("ip route add 10.0.0.0/16 via 10.0.3.1", user: "vnuml"), Exec("ping -c1 10.0.0.1"), Exec("echo never")]),
        };
        await f.StartAllAsync(scenario);

        var result = await f.Runner(host).RunAsync(scenario, "start", null, CancellationToken.None);

        f.Driver.Calls.Select(c => c.VmId).ShouldBe(["lab.vm1", "host", "host"]);
        f.Driver.CallsOf("host").ShouldBe(["vnuml: ip route add 10.0.0.0/16 via 10.0.3.1", "ping -c1 10.0.0.1"]);
        result.Host.ShouldNotBeNull().Outcomes[0].StandardOutput.ShouldBe("ran ip route add 10.0.0.0/16 via 10.0.3.1");
        result.Failures.ShouldHaveSingleItem().Error.ShouldBe("host, sequence \"start\", command 2 of 3 \"ping -c1 10.0.0.1\": exited with 1: 100% packet loss");
    }

    [Fact]
    public async Task RunAsync_HostExecsWithoutHostRunner_RefusedBeforeAnythingRuns()
    {
        await using var f = new SequenceFixture();
        var scenario = Lab(new VmSpec("vm1", Execs: [Exec("true")])) with { Host = new HostSection(Execs: [Exec("true")]) };
        await f.StartAllAsync(scenario);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => f.Runner().RunAsync(scenario, "start", null, CancellationToken.None));

        error.Message.ShouldBe("sequence \"start\" has 1 host command(s) but no host command runner is configured");
        f.Driver.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_UserAttribute_OtherUsersThroughSuRootAsIs()
    {
        await using var f = new SequenceFixture();
        var scenario = Lab(new VmSpec("vm1", Execs: [Exec("id -un", user: "root"), Exec("echo 'hi' > ~/x", user: "alice")]));
        await f.StartAllAsync(scenario);

        await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        f.Driver.CallsOf("lab.vm1").ShouldBe(["/bin/sh -c id -un", "/bin/sh -c su -c 'echo '\\''hi'\\'' > ~/x' 'alice'"]);
    }

    [Fact]
    public async Task RunAsync_VmNotRunning_DriverErrorIsTheCommandsError()
    {
        await using var f = new SequenceFixture();
        var scenario = Lab(new VmSpec("vm1", Execs: [Exec("true"), Exec("true")]));
        await f.Fake.DefineAsync(new VmDefinition("lab.vm1", "vm1", 128, 1, new BootSource("/images/vmlinux")), CancellationToken.None);

        var result = await f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);

        var failure = result.Failures.ShouldHaveSingleItem();
        failure.ExitCode.ShouldBeNull();
        failure.Error.ShouldNotBeNull().ShouldStartWith("vm \"vm1\", sequence \"start\", command 1 of 2 \"true\": ");
        failure.Error.ShouldContain("defined");
        result.Vms[0].Stopped.ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_Progress_ReportsStartAndEndOfEveryCommandPerVm()
    {
        await using var f = new SequenceFixture();
        var scenario = Lab(new VmSpec("vm1", Execs: [Exec("a"), Exec("b")]), new VmSpec("vm2", Execs: [Exec("c")]));
        await f.StartAllAsync(scenario);
        var progress = new ProgressLog();

        await f.Runner().RunAsync(scenario, "start", progress, CancellationToken.None);

        progress.Reports.Where(p => p.Target == "vm1").Select(p => $"{p.Index}/{p.Count} {p.Command} {(p.Completed is null ? "running" : "done")}")
            .ShouldBe(["1/2 a running", "1/2 a done", "2/2 b running", "2/2 b done"]);
        progress.Reports.Count(p => p.Target == "vm2").ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_CommandTimeoutOption_PassedToTheDriver()
    {
        await using var f = new SequenceFixture();
        f.Options = f.Options with { CommandTimeout = TimeSpan.FromSeconds(2) };
        var scenario = Lab(new VmSpec("vm1", Execs: [Exec("sleep 10")]));
        await f.StartAllAsync(scenario, new FakeExecRule("sleep", Duration: TimeSpan.FromSeconds(10)));

        var run = f.Runner().RunAsync(scenario, "start", null, CancellationToken.None);
        while (!run.IsCompleted)
        {
            f.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        var failure = (await run).Failures.ShouldHaveSingleItem();
        failure.Error.ShouldNotBeNull().ShouldContain("\"sleep 10\": ");
        failure.Duration.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        failure.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ExecAsync_OneCommand_ReturnsItsOutputAndExitCode()
    {
        await using var f = new SequenceFixture();
        await f.StartAsync("lab.vm1", new FakeExecRule("cat /etc/hostname", 0, "vm1\n"), new FakeExecRule("missing", 127, string.Empty, "sh: missing: not found\n"));
        var runner = f.Runner();

        var ok = await runner.ExecAsync("lab.vm1", "cat /etc/hostname", null, CancellationToken.None);
        var bad = await runner.ExecAsync("lab.vm1", "missing", null, CancellationToken.None);

        ok.ShouldBe(new ExecOutcome("lab.vm1", "exec", 1, "cat /etc/hostname", 0, "vm1\n", string.Empty, TimeSpan.Zero, null));
        bad.ExitCode.ShouldBe(127);
        bad.Error.ShouldBe("vm \"lab.vm1\", sequence \"exec\", command 1 of 1 \"missing\": exited with 127: sh: missing: not found");
    }
}
