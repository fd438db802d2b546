using Nines.Drivers.Errors;
using Nines.Drivers.Fake;
using Nines.Drivers.Validation;

namespace Nines.Drivers.Tests.Fake;

public class FakeDriverLifecycleTests
{
    [Fact]
    public async Task Lifecycle_EveryOperation_StatesAndEventsInOrder()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm();

        (await f.Driver.DefineAsync(vm, CancellationToken.None)).State.ShouldBe(VmState.Defined);
        var started = await f.Driver.StartAsync(vm.Id, CancellationToken.None);
        started.State.ShouldBe(VmState.Running);
        started.ProcessId.ShouldNotBeNull();
        started.Accelerator.ShouldBe("fake");
        started.GuestReady.ShouldBeTrue();
        (await f.Driver.PauseAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Paused);
        (await f.Driver.ResumeAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Running);
        (await f.Driver.SuspendAsync(vm.Id, "/run/vm1.state", CancellationToken.None)).State.ShouldBe(VmState.Suspended);
        (await f.Driver.RestoreAsync(vm.Id, "/run/vm1.state", CancellationToken.None)).State.ShouldBe(VmState.Running);
        (await f.Driver.RebootAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Running);
        var shutdown = await f.Driver.ShutdownAsync(vm.Id, TimeSpan.FromSeconds(10), CancellationToken.None);
        shutdown.Method.ShouldBe(ShutdownMethod.GuestAgent);
        shutdown.Status.State.ShouldBe(VmState.Stopped);
        shutdown.Status.ExitReason!.Kind.ShouldBe(VmExitKind.GuestShutdown);
        await f.Driver.StartAsync(vm.Id, CancellationToken.None);
        (await f.Driver.DestroyAsync(vm.Id, CancellationToken.None)).ExitReason!.Kind.ShouldBe(VmExitKind.Destroyed);
        await f.Driver.RemoveAsync(vm.Id, CancellationToken.None);

        (await f.NextKindsAsync(14)).ShouldBe(
        [
            VmEventKind.Started, VmEventKind.GuestReady,
            VmEventKind.Paused, VmEventKind.Resumed,
            VmEventKind.Suspended, VmEventKind.Restored,
            VmEventKind.Reset, VmEventKind.GuestReady,
            VmEventKind.ShutdownRequested, VmEventKind.Stopped,
            VmEventKind.Started, VmEventKind.GuestReady,
            VmEventKind.Stopped,
            VmEventKind.Removed,
        ]);
        await Should.ThrowAsync<VmNotFoundException>(() => f.Driver.InspectAsync(vm.Id, CancellationToken.None));
        f.Host.LiveProcessCount.ShouldBe(0);
    }

    [Fact]
    public async Task PauseAsync_StoppedVm_InvalidStateAndNothingChanges()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm();
        await f.Driver.DefineAsync(vm, CancellationToken.None);

        var error = await Should.ThrowAsync<InvalidVmStateException>(() => f.Driver.PauseAsync(vm.Id, CancellationToken.None));

        error.Current.ShouldBe(VmState.Defined);
        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Defined);
        await f.Driver.StartAsync(vm.Id, CancellationToken.None);
        (await Should.ThrowAsync<InvalidVmStateException>(() => f.Driver.RemoveAsync(vm.Id, CancellationToken.None))).Current.ShouldBe(VmState.Running);
        f.Host.LiveProcessCount.ShouldBe(1);
    }

    [Fact]
    public async Task DefineAsync_HostCannotSatisfy_AllErrorsAndNothingDefined()
    {
        await using var f = new FakeDriverFixture();
        f.Host.Facts = new HostFacts
        {
            FreeMemoryMiB = 100,
            Cpus = 2,
            AllowedRoots = ["/images"],
            ResolvePath = path => path,
            IsReadableFile = _ => true,
        };
        var vm = FakeDriverFixture.Vm() with { Nics = [new NicDefinition(1, "01:00:00:00:00:01", "Net0")] };

        var error = await Should.ThrowAsync<InvalidDefinitionException>(() => f.Driver.DefineAsync(vm, CancellationToken.None));

        error.Code.ShouldBe("invalid-definition");
        error.Diagnostics.Select(d => d.Field).ShouldBe(["vm[vm1].memoryMiB", "vm[vm1].nics[1].mac"]);
        await Should.ThrowAsync<VmNotFoundException>(() => f.Driver.StartAsync(vm.Id, CancellationToken.None));
        f.Host.LiveProcessCount.ShouldBe(0);
    }

    [Fact]
    public async Task DefineAsync_RunningVmsUseMemory_SecondRefused()
    {
        await using var f = new FakeDriverFixture();
        f.Host.Facts = new HostFacts
        {
            FreeMemoryMiB = 200,
            Cpus = 2,
            AllowedRoots = ["/"],
            ResolvePath = p => p,
            IsReadableFile = _ => true,
        };
        await f.RunningAsync(FakeDriverFixture.Vm("lab.a"));

        var error = await Should.ThrowAsync<InvalidDefinitionException>(() => f.Driver.DefineAsync(FakeDriverFixture.Vm("lab.b"), CancellationToken.None));

        error.Diagnostics.Single().Message.ShouldBe("memory 128 MiB is more than the 72 MiB free on this host");
    }

    [Fact]
    public async Task DefineAsync_SameDefinitionTwice_IdempotentButDifferentRefused()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm();
        await f.Driver.DefineAsync(vm, CancellationToken.None);

        (await f.Driver.DefineAsync(vm with { }, CancellationToken.None)).State.ShouldBe(VmState.Defined);
        var error = await Should.ThrowAsync<InvalidDefinitionException>(() => f.Driver.DefineAsync(vm with { Vcpus = 2 }, CancellationToken.None));
        error.Diagnostics.Single().Code.ShouldBe("NX7009");
    }

    [Fact]
    public async Task Calls_CapabilityMissing_UnsupportedOperation()
    {
        var options = new FakeDriverOptions { Capabilities = DriverCapabilities.GuestAgent | DriverCapabilities.GracefulShutdown };
        await using var f = new FakeDriverFixture(options);
        var vm = FakeDriverFixture.Vm();
        await f.RunningAsync(vm);

        var pause = await Should.ThrowAsync<UnsupportedOperationException>(() => f.Driver.PauseAsync(vm.Id, CancellationToken.None));
        pause.Capability.ShouldBe(DriverCapabilities.Pause);
        pause.Code.ShouldBe("unsupported-operation");
        (await Should.ThrowAsync<UnsupportedOperationException>(() => f.Driver.SuspendAsync(vm.Id, "/s", CancellationToken.None))).Capability.ShouldBe(DriverCapabilities.SuspendToDisk);
        (await Should.ThrowAsync<UnsupportedOperationException>(() => f.Driver.ReattachAsync(CancellationToken.None))).Capability.ShouldBe(DriverCapabilities.Reattach);
        (await Should.ThrowAsync<UnsupportedOperationException>(() => f.Driver.DefineAsync(FakeDriverFixture.Vm("lab.w", watchdog: new WatchdogDefinition()), CancellationToken.None)))
            .Capability.ShouldBe(DriverCapabilities.Watchdog);
        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Running);
    }

    [Fact]
    public async Task RestoreAsync_UnknownStatePath_DriverFailureAndStillSuspended()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm();
        await f.RunningAsync(vm);
        await f.Driver.SuspendAsync(vm.Id, "/run/a.state", CancellationToken.None);

        var error = await Should.ThrowAsync<DriverFailureException>(() => f.Driver.RestoreAsync(vm.Id, "/run/b.state", CancellationToken.None));

        error.Code.ShouldBe("driver-failure");
        (await f.Driver.InspectAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Suspended);
    }

    [Fact]
    public async Task ReattachAsync_NewDriverOnSameHost_FindsRunningVmsWithoutNewProcess()
    {
        var f = new FakeDriverFixture();
        var running = await f.RunningAsync(FakeDriverFixture.Vm("lab.a"));
        await f.RunningAsync(FakeDriverFixture.Vm("lab.b"));
        await f.Driver.DefineAsync(FakeDriverFixture.Vm("lab.c"), CancellationToken.None);
        await f.Driver.PauseAsync("lab.b", CancellationToken.None);
        await f.DisposeAsync();

        await using var restarted = new FakeDriverFixture(host: f.Host);
        await Should.ThrowAsync<VmNotFoundException>(() => restarted.Driver.InspectAsync("lab.a", CancellationToken.None));
        var found = await restarted.Driver.ReattachAsync(CancellationToken.None);

        found.Select(s => (s.Id, s.State)).ShouldBe([("lab.a", VmState.Running), ("lab.b", VmState.Paused)]);
        found[0].ProcessId.ShouldBe(running.ProcessId);
        restarted.Host.LiveProcessCount.ShouldBe(2);
        restarted.Driver.Kill("lab.a");
        (await restarted.NextEventsAsync(1)).Single().ShouldBe(new VmEvent("lab.a", VmEventKind.Crashed, restarted.Clock.GetUtcNow(), VmExitReason.KilledBy(9)));
    }

    [Fact]
    public async Task ShutdownAsync_GuestIgnoresRequest_ForcedAfterGracePeriod()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm(fake: new FakeBehaviour(IgnoreShutdown: true));
        await f.RunningAsync(vm);

        var shutdown = f.Driver.ShutdownAsync(vm.Id, TimeSpan.FromSeconds(5), CancellationToken.None);
        f.Clock.Advance(TimeSpan.FromSeconds(4));
        shutdown.IsCompleted.ShouldBeFalse();
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        var result = await shutdown;

        result.Method.ShouldBe(ShutdownMethod.Forced);
        result.Forced.ShouldBeTrue();
        result.Elapsed.ShouldBe(TimeSpan.FromSeconds(5));
        result.Status.ExitReason!.Message.ShouldBe("forced after the 5 s grace period");
        (await f.NextKindsAsync(4)).ShouldBe([VmEventKind.Started, VmEventKind.GuestReady, VmEventKind.ShutdownRequested, VmEventKind.Stopped]);
    }

    [Fact]
    public async Task ShutdownAsync_GuestTakesTwoSeconds_GracefulWithinGrace()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm(fake: new FakeBehaviour(ShutdownTime: TimeSpan.FromSeconds(2)));
        await f.RunningAsync(vm);

        var shutdown = f.Driver.ShutdownAsync(vm.Id, TimeSpan.FromSeconds(30), CancellationToken.None);
        f.Clock.Advance(TimeSpan.FromSeconds(2));
        var result = await shutdown;

        result.Method.ShouldBe(ShutdownMethod.GuestAgent);
        result.Elapsed.ShouldBe(TimeSpan.FromSeconds(2));
        result.Status.State.ShouldBe(VmState.Stopped);
    }

    [Fact]
    public async Task ShutdownAsync_GuestWithoutAgent_AcpiUsed()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm() with { GuestAgent = false };
        await f.RunningAsync(vm);

        (await f.Driver.ShutdownAsync(vm.Id, TimeSpan.FromSeconds(30), CancellationToken.None)).Method.ShouldBe(ShutdownMethod.Acpi);
    }

    [Fact]
    public async Task DestroyAsync_Suspended_DiscardsSavedState()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm();
        await f.RunningAsync(vm);
        await f.Driver.SuspendAsync(vm.Id, "/run/s", CancellationToken.None);

        (await f.Driver.DestroyAsync(vm.Id, CancellationToken.None)).State.ShouldBe(VmState.Stopped);

        await f.Driver.StartAsync(vm.Id, CancellationToken.None);
        await f.Driver.PauseAsync(vm.Id, CancellationToken.None);
        await Should.ThrowAsync<InvalidVmStateException>(() => f.Driver.RestoreAsync(vm.Id, "/run/s", CancellationToken.None));
    }
}
