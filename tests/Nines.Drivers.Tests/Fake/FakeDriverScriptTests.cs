using Nines.Drivers.Errors;
using Nines.Drivers.Fake;

namespace Nines.Drivers.Tests.Fake;

public class FakeDriverScriptTests
{
    [Fact]
    public async Task StartAsync_FailStartScripted_DriverFailureAndStaysDefined()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm(fake: new FakeBehaviour(FailStart: "could not open /dev/kvm"));
        await f.Driver.DefineAsync(vm, CancellationToken.None);

        var error = await Should.ThrowAsync<DriverFailureException>(() => f.Driver.StartAsync(vm.Id, CancellationToken.None));

        error.Message.ShouldBe("vm \"lab.vm1\" failed to start: could not open /dev/kvm");
        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Defined);
        f.Host.LiveProcessCount.ShouldBe(0);
    }

    [Fact]
    public async Task CrashAfter_ScriptedSeconds_CrashedBySignalAtThatTime()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm(fake: new FakeBehaviour(CrashAfter: TimeSpan.FromSeconds(10)));
        await f.RunningAsync(vm);

        f.Clock.Advance(TimeSpan.FromSeconds(9));
        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Running);
        f.Clock.Advance(TimeSpan.FromSeconds(1));

        var status = await f.Driver.InspectAsync(vm.Id, CancellationToken.None);
        status.State.ShouldBe(VmState.Crashed);
        status.ExitReason.ShouldBe(new VmExitReason(VmExitKind.Killed, "process killed by signal 9 (SIGKILL)", Signal: 9));
        status.ProcessId.ShouldBeNull();
        var events = await f.NextEventsAsync(3);
        events[2].ShouldBe(new VmEvent(vm.Id, VmEventKind.Crashed, f.Clock.GetUtcNow(), status.ExitReason));
    }

    [Fact]
    public async Task CrashAfter_PausedInBetween_CountsOnlyRunningTime()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm(fake: new FakeBehaviour(CrashAfter: TimeSpan.FromSeconds(10), CrashExitCode: 1));
        await f.RunningAsync(vm);

        f.Clock.Advance(TimeSpan.FromSeconds(6));
        await f.Driver.PauseAsync(vm.Id, CancellationToken.None);
        f.Clock.Advance(TimeSpan.FromMinutes(5));
        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Paused);
        await f.Driver.ResumeAsync(vm.Id, CancellationToken.None);
        f.Clock.Advance(TimeSpan.FromSeconds(3));
        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Running);
        f.Clock.Advance(TimeSpan.FromSeconds(1));

        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).ExitReason.ShouldBe(VmExitReason.ExitedWith(1));
    }

    [Fact]
    public async Task CrashAfter_SuspendedAndRestored_ContinuesWhereItStopped()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm(fake: new FakeBehaviour(CrashAfter: TimeSpan.FromSeconds(10)));
        await f.RunningAsync(vm);
        f.Clock.Advance(TimeSpan.FromSeconds(7));
        await f.Driver.SuspendAsync(vm.Id, "/run/vm1.state", CancellationToken.None);
        f.Clock.Advance(TimeSpan.FromHours(1));

        await f.Driver.RestoreAsync(vm.Id, "/run/vm1.state", CancellationToken.None);
        f.Clock.Advance(TimeSpan.FromSeconds(2));
        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Running);
        f.Clock.Advance(TimeSpan.FromSeconds(1));

        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Crashed);
    }

    [Fact]
    public async Task SlowBoot_ExecBeforeReady_GuestAgentUnavailableThenWorks()
    {
        var rules = new FakeExecRule[] { new("^/bin/sh -c ping", 1, StandardError: "unreachable"), new("hostname$", StandardOutput: "vm1\n") };
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm(fake: new FakeBehaviour(BootTime: TimeSpan.FromSeconds(3), ExecRules: rules));
        var started = await f.RunningAsync(vm);
        started.GuestReady.ShouldBeFalse();

        var early = await Should.ThrowAsync<GuestAgentUnavailableException>(() => f.Driver.ExecAsync(vm.Id, new GuestCommand("hostname"), CancellationToken.None));
        early.Code.ShouldBe("guest-agent-unavailable");
        f.Clock.Advance(TimeSpan.FromSeconds(3));

        (await f.Driver.ExecAsync(vm.Id, new GuestCommand("hostname"), CancellationToken.None)).ShouldBe(new GuestExecResult(0, "vm1\n", string.Empty));
        (await f.Driver.ExecAsync(vm.Id, GuestCommand.Shell("ping -c1 10.0.2.2"), CancellationToken.None)).ShouldBe(new GuestExecResult(1, string.Empty, "unreachable"));
        (await f.Driver.ExecAsync(vm.Id, new GuestCommand("true"), CancellationToken.None)).Succeeded.ShouldBeTrue();
        (await f.NextKindsAsync(2)).ShouldBe([VmEventKind.Started, VmEventKind.GuestReady]);
        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).GuestReady.ShouldBeTrue();
    }

    [Fact]
    public async Task ExecAsync_CommandLongerThanItsTimeout_DriverTimeout()
    {
        var rules = new FakeExecRule[] { new("sleep", Duration: TimeSpan.FromSeconds(60)) };
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm(fake: new FakeBehaviour(ExecRules: rules));
        await f.RunningAsync(vm);

        var exec = f.Driver.ExecAsync(vm.Id, new GuestCommand("sleep", ["60"], Timeout: TimeSpan.FromSeconds(5)), CancellationToken.None);
        f.Clock.Advance(TimeSpan.FromSeconds(5));

        var error = await Should.ThrowAsync<DriverTimeoutException>(() => exec);
        error.Code.ShouldBe("driver-timeout");
        error.Message.ShouldBe("guest command \"sleep 60\" did not complete within 5 s");
    }

    [Fact]
    public async Task WriteFileAsync_RunningGuest_FileInGuest()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm();
        await f.RunningAsync(vm);

        await f.Driver.WriteFileAsync(vm.Id, "/etc/motd", "hello"u8.ToArray(), CancellationToken.None);

        f.Driver.ReadGuestFile(vm.Id, "/etc/motd").ShouldBe("hello"u8.ToArray());
        await f.Driver.PauseAsync(vm.Id, CancellationToken.None);
        await Should.ThrowAsync<InvalidVmStateException>(() => f.Driver.WriteFileAsync(vm.Id, "/x", "y"u8.ToArray(), CancellationToken.None));
    }

    [Fact]
    public async Task HangAfter_HeartbeatLostAfterTimeoutThenWatchdogResetsAndHeartbeatRestored()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm(
            fake: new FakeBehaviour(HangAfter: TimeSpan.FromSeconds(5.5), BootTime: TimeSpan.FromSeconds(2), WatchdogTimeout: TimeSpan.FromSeconds(10)),
            watchdog: new WatchdogDefinition(WatchdogAction.Reset));
        var started = await f.RunningAsync(vm);
        var t0 = f.Clock.GetUtcNow();

        f.Clock.Advance(TimeSpan.FromSeconds(8));
        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).LastHeartbeat.ShouldBe(t0 + TimeSpan.FromSeconds(5));
        (await f.Driver.SampleAsync(vm.Id, CancellationToken.None)).HeartbeatAge.ShouldBe(TimeSpan.FromSeconds(3));
        f.Clock.Advance(TimeSpan.FromSeconds(10));

        var events = await f.NextEventsAsync(7);
        events.Select(e => (e.Kind, (e.At - t0).TotalSeconds)).ShouldBe(
        [
            (VmEventKind.Started, 0),
            (VmEventKind.GuestReady, 2),
            (VmEventKind.HeartbeatLost, 8),
            (VmEventKind.WatchdogFired, 15.5),
            (VmEventKind.Reset, 15.5),
            (VmEventKind.GuestReady, 17.5),
            (VmEventKind.HeartbeatRestored, 17.5),
        ]);
        events[3].Detail.ShouldBe("reset");
        var status = await f.Driver.InspectAsync(vm.Id, CancellationToken.None);
        status.State.ShouldBe(VmState.Running);
        status.ProcessId.ShouldBe(started.ProcessId);
    }

    [Fact]
    public async Task HangAfter_NoWatchdog_ProcessAliveExecTimesOut()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm(fake: new FakeBehaviour(HangAfter: TimeSpan.FromSeconds(1)));
        await f.RunningAsync(vm);
        f.Clock.Advance(TimeSpan.FromSeconds(60));

        var exec = f.Driver.ExecAsync(vm.Id, new GuestCommand("true", Timeout: TimeSpan.FromSeconds(2)), CancellationToken.None);
        f.Clock.Advance(TimeSpan.FromSeconds(2));

        await Should.ThrowAsync<DriverTimeoutException>(() => exec);
        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Running);
        (await f.NextKindsAsync(3)).ShouldBe([VmEventKind.Started, VmEventKind.GuestReady, VmEventKind.HeartbeatLost]);
    }

    [Theory]
    [InlineData(WatchdogAction.Poweroff, VmState.Crashed)]
    [InlineData(WatchdogAction.Pause, VmState.Paused)]
    [InlineData(WatchdogAction.None, VmState.Running)]
    public async Task Watchdog_Action_AppliedWhenHungGuestStopsFeedingIt(WatchdogAction action, VmState expected)
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm(watchdog: new WatchdogDefinition(action));
        await f.RunningAsync(vm);

        f.Driver.Hang(vm.Id);
        f.Clock.Advance(FakeBehaviour.DefaultWatchdogTimeout);

        var status = await f.Driver.InspectAsync(vm.Id, CancellationToken.None);
        status.State.ShouldBe(expected);
        if (expected == VmState.Crashed)
        {
            status.ExitReason!.Kind.ShouldBe(VmExitKind.Watchdog);
        }
    }

    [Fact]
    public async Task PanicAfter_Scripted_GuestPanickedThenCrashed()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm(fake: new FakeBehaviour(PanicAfter: TimeSpan.FromSeconds(4)));
        await f.RunningAsync(vm);

        f.Clock.Advance(TimeSpan.FromSeconds(4));

        (await f.NextKindsAsync(4)).ShouldBe([VmEventKind.Started, VmEventKind.GuestReady, VmEventKind.GuestPanicked, VmEventKind.Crashed]);
        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).ExitReason!.Kind.ShouldBe(VmExitKind.GuestPanicked);
    }

    [Fact]
    public async Task Kill_RunningVm_CrashReportedAtOnceAndRestartable()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm();
        await f.RunningAsync(vm);

        f.Driver.Kill(vm.Id, signal: 9);

        (await f.NextKindsAsync(3)).ShouldBe([VmEventKind.Started, VmEventKind.GuestReady, VmEventKind.Crashed]);
        (await f.Driver.StartAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Running);
    }
}
