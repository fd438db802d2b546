using Nines.Drivers.Core;
using Nines.Drivers.Errors;
using Nines.Drivers.Validation;
using Nines.Testing;

namespace Nines.Drivers.Tests.Core;

/// <summary>The shared driver core on its own: table, gate, transitions and events, removal, closing; time on a fake clock.</summary>
public sealed class DriverCoreTests : IAsyncDisposable
{
    private static readonly DateTimeOffset _start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(_start);
    private readonly List<string> _persisted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly DriverCore<TestVm> _core;
    private readonly IAsyncEnumerator<VmEvent> _events;

    public DriverCoreTests()
    {
        _core = new DriverCore<TestVm>(this, "test", DriverCapabilities.Pause | DriverCapabilities.Reboot, _clock, vm => _persisted.Add($"{vm.Id}:{vm.State}"));
        _events = _core.Watch(_stop.Token).GetAsyncEnumerator(_stop.Token);
    }

    [Fact]
    public async Task Enter_NeedsLock_Running_StampsTheClockClearsTheExitReasonPersistsAndPublishes()
    {
        var vm = Track("vm1");
        vm.ExitReason = VmExitReason.KilledBy(9);
        _clock.Advance(TimeSpan.FromSeconds(7));

        lock (_core.Gate)
        {
            _core.Enter_NeedsLock(vm, VmState.Running, VmEventKind.Started, detail: "boot");
        }

        vm.State.ShouldBe(VmState.Running);
        vm.Since.ShouldBe(_start.AddSeconds(7));
        vm.ExitReason.ShouldBeNull();
        _persisted.ShouldBe(["vm1:Running"]);
        var published = await NextAsync();
        published.ShouldBe(new VmEvent("vm1", VmEventKind.Started, _start.AddSeconds(7), Detail: "boot"));
    }

    [Fact]
    public async Task Enter_NeedsLock_Crashed_RecordsTheReasonInStatusAndEvent()
    {
        var vm = Track("vm1");
        var reason = VmExitReason.ExitedWith(3);

        lock (_core.Gate)
        {
            _core.Enter_NeedsLock(vm, VmState.Crashed, VmEventKind.Crashed, reason);
        }

        _core.Status("vm1").ShouldBe(new VmStatus("vm1", VmState.Crashed, _start, ExitReason: reason));
        (await NextAsync()).Reason.ShouldBe(reason);
    }

    [Fact]
    public async Task Enter_NeedsLock_WithoutKind_ChangesStatePublishesNothing()
    {
        var vm = Track("vm1");
        lock (_core.Gate)
        {
            _core.Enter_NeedsLock(vm, VmState.Paused, null);
            _core.Publish_NeedsLock(vm, VmEventKind.HeartbeatLost, "marker");
        }

        vm.State.ShouldBe(VmState.Paused);
        _persisted.ShouldBe(["vm1:Paused"]);
        (await NextAsync()).Kind.ShouldBe(VmEventKind.HeartbeatLost);
    }

    [Fact]
    public void Get_UnknownId_ThrowsVmNotFound()
    {
        Track("vm1");

        Should.Throw<VmNotFoundException>(() => _core.Get("vm2")).VmId.ShouldBe("vm2");
        Should.Throw<VmNotFoundException>(() => _core.Status("vm2"));
    }

    [Fact]
    public void ExistingStatus_NeedsLock_FreeSameAndDifferentDefinitions_NullStatusAndRefusal()
    {
        var vm = Track("vm1");
        lock (_core.Gate)
        {
            _core.ExistingStatus_NeedsLock(Definition("vm2")).ShouldBeNull();
            _core.ExistingStatus_NeedsLock(Definition("vm1")).ShouldBe(vm.ToStatus());
            var refused = Should.Throw<InvalidDefinitionException>(() => _core.ExistingStatus_NeedsLock(Definition("vm1") with { MemoryMiB = 256 }));
            refused.Diagnostics.Single().Code.ShouldBe(VmDefinitionValidator.IdInUse);
            refused.Diagnostics.Single().Message.ShouldContain("already defined with a different definition");
        }
    }

    [Fact]
    public void CheckAllowed_NeedsLock_IllegalOperation_ThrowsAndLeavesTheState()
    {
        var vm = Track("vm1");

        lock (_core.Gate)
        {
            vm.CheckAllowed_NeedsLock(VmOperation.Start).ShouldBe(VmState.Running);
            var refused = Should.Throw<InvalidVmStateException>(() => vm.CheckAllowed_NeedsLock(VmOperation.Pause));
            refused.VmId.ShouldBe("vm1");
        }

        vm.State.ShouldBe(VmState.Defined);
    }

    [Fact]
    public void Require_MissingCapability_ThrowsUnsupportedNamingTheDriver()
    {
        _core.Require(DriverCapabilities.Pause, "vm1");

        var refused = Should.Throw<UnsupportedOperationException>(() => _core.Require(DriverCapabilities.SuspendToDisk, "vm1"));
        refused.Message.ShouldContain("test");
        refused.VmId.ShouldBe("vm1");
    }

    [Fact]
    public async Task RemoveAsync_StoppedVm_UnknownBeforeReleaseThenRemovedEvent()
    {
        var vm = Track("vm1");
        lock (_core.Gate)
        {
            _core.Enter_NeedsLock(vm, VmState.Stopped, null);
        }

        var seenDuringRelease = false;
        await _core.RemoveAsync(
            "vm1",
            (removed, _) =>
            {
                removed.ShouldBeSameAs(vm);
                removed.State.ShouldBe(VmState.Removed);
                seenDuringRelease = true;
                Should.Throw<VmNotFoundException>(() => _core.Get("vm1"));
                return Task.CompletedTask;
            },
            CancellationToken.None);

        seenDuringRelease.ShouldBeTrue();
        (await NextAsync()).ShouldBe(new VmEvent("vm1", VmEventKind.Removed, _start));
        vm.Operations.CurrentCount.ShouldBe(1);
    }

    [Fact]
    public async Task RemoveAsync_RunningVm_RefusedReleasesNothingAndKeepsTheVm()
    {
        var vm = Track("vm1");
        vm.State = VmState.Running;
        var released = false;

        await Should.ThrowAsync<InvalidVmStateException>(() => _core.RemoveAsync("vm1", (_, _) => { released = true; return Task.CompletedTask; }, CancellationToken.None));

        released.ShouldBeFalse();
        _core.Get("vm1").State.ShouldBe(VmState.Running);
        vm.Operations.CurrentCount.ShouldBe(1);
    }

    [Fact]
    public async Task BeginOperationAsync_SecondCaller_WaitsUntilTheFirstLeaseIsDisposed()
    {
        Track("vm1");
        var first = await _core.BeginOperationAsync("vm1", CancellationToken.None);

        var second = _core.BeginOperationAsync("vm1", CancellationToken.None);
        second.IsCompleted.ShouldBeFalse();
        first.Dispose();
        first.Dispose();
        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(30));

        lease.Vm.Id.ShouldBe("vm1");
        lease.Vm.Operations.CurrentCount.ShouldBe(0);
    }

    [Fact]
    public async Task BeginOperationAsync_UnknownId_FailsAtOnce()
    {
        await Should.ThrowAsync<VmNotFoundException>(() => _core.BeginOperationAsync("nope", CancellationToken.None));
    }

    [Fact]
    public async Task TryClose_ThenCalls_RefusedAndEventsEndOnlyAtCompleteClose()
    {
        var vm = Track("vm1");

        _core.TryClose(out var toDetach).ShouldBeTrue();
        toDetach.ShouldBe([vm]);
        _core.TryClose(out var again).ShouldBeFalse();
        again.ShouldBeEmpty();
        Should.Throw<ObjectDisposedException>(() => _core.Get("vm1")).ObjectName.ShouldContain(nameof(DriverCoreTests));

        // Between the two steps the driver detaches its VMs and may still report.
        lock (_core.Gate)
        {
            _core.Publish_NeedsLock(vm, VmEventKind.HeartbeatLost);
        }

        (await NextAsync()).Kind.ShouldBe(VmEventKind.HeartbeatLost);
        _core.CompleteClose();
        (await _events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeFalse();
        await using var late = _core.Watch(CancellationToken.None).GetAsyncEnumerator();
        (await late.MoveNextAsync()).ShouldBeFalse();
    }

    [Fact]
    public void Vms_NeedsLock_SeveralTracked_OrderedByIdAndUntrackForgets()
    {
        Track("b");
        Track("a");
        Track("c");

        lock (_core.Gate)
        {
            _core.Untrack_NeedsLock("c").ShouldBeTrue();
            _core.Vms_NeedsLock().Select(vm => vm.Id).ShouldBe(["a", "b"]);
            _core.Contains_NeedsLock("c").ShouldBeFalse();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _events.DisposeAsync();
        _stop.Dispose();
        _core.CompleteClose();
    }

    private static VmDefinition Definition(string id) => new(id, id, 128, 1, new BootSource("/images/vmlinux", null, null, null));

    private TestVm Track(string id)
    {
        var vm = new TestVm(Definition(id), _clock.GetUtcNow());
        lock (_core.Gate)
        {
            _core.Track_NeedsLock(vm);
        }

        return vm;
    }

    private async Task<VmEvent> NextAsync()
    {
        (await _events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
        return _events.Current;
    }

    private sealed class TestVm(VmDefinition definition, DateTimeOffset since) : DriverVm(definition, since)
    {
        public override VmStatus ToStatus() => new(Id, State, Since, GuestReady: GuestReady, ExitReason: ExitReason);
    }
}
