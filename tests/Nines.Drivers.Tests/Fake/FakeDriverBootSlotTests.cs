using Nines.Drivers.Errors;
using Nines.Drivers.Fake;

namespace Nines.Drivers.Tests.Fake;

public sealed class FakeDriverBootSlotTests
{
    [Fact]
    public async Task StartAsync_BootSlotTaken_WaitsUntilTheBootingGuestIsReady()
    {
        await using var f = new FakeDriverFixture(new FakeDriverOptions { MaxConcurrentBoots = 1 });
        var first = FakeDriverFixture.Vm("lab.vm1", new FakeBehaviour(BootTime: TimeSpan.FromSeconds(5)));
        var second = FakeDriverFixture.Vm("lab.vm2", new FakeBehaviour(BootTime: TimeSpan.FromSeconds(5)));
        await f.RunningAsync(first);
        await f.Driver.DefineAsync(second, CancellationToken.None);

        var start = f.Driver.StartAsync(second.Id, CancellationToken.None);

        start.IsCompleted.ShouldBeFalse("the only slot is held by the first guest's boot");
        (await f.Driver.InspectAsync(second.Id, CancellationToken.None)).State.ShouldBe(VmState.Defined);
        f.Clock.Advance(TimeSpan.FromSeconds(5));
        (await start.WaitAsync(TimeSpan.FromSeconds(10))).State.ShouldBe(VmState.Running);
        f.Host.LiveProcessCount.ShouldBe(2);
    }

    [Fact]
    public async Task StartAsync_BootingGuestCrashes_FreesItsSlot()
    {
        await using var f = new FakeDriverFixture(new FakeDriverOptions { MaxConcurrentBoots = 1 });
        var first = FakeDriverFixture.Vm("lab.vm1", new FakeBehaviour(BootTime: TimeSpan.FromMinutes(5)));
        var second = FakeDriverFixture.Vm("lab.vm2");
        await f.RunningAsync(first);
        await f.Driver.DefineAsync(second, CancellationToken.None);
        var start = f.Driver.StartAsync(second.Id, CancellationToken.None);

        f.Driver.Kill(first.Id);

        (await start.WaitAsync(TimeSpan.FromSeconds(10))).State.ShouldBe(VmState.Running);
    }

    [Fact]
    public async Task StartAsync_WaitingForSlotCancelled_StaysDefinedAndFreesNothing()
    {
        await using var f = new FakeDriverFixture(new FakeDriverOptions { MaxConcurrentBoots = 1 });
        var first = FakeDriverFixture.Vm("lab.vm1", new FakeBehaviour(BootTime: TimeSpan.FromSeconds(5)));
        var second = FakeDriverFixture.Vm("lab.vm2");
        await f.RunningAsync(first);
        await f.Driver.DefineAsync(second, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var start = f.Driver.StartAsync(second.Id, cancel.Token);

        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => start);
        (await f.Driver.InspectAsync(second.Id, CancellationToken.None)).State.ShouldBe(VmState.Defined);
        f.Host.LiveProcessCount.ShouldBe(1);
    }

    [Fact]
    public async Task StartAsync_AlreadyRunningWithSlotsTaken_FailsAtOnce()
    {
        await using var f = new FakeDriverFixture(new FakeDriverOptions { MaxConcurrentBoots = 1 });
        var first = FakeDriverFixture.Vm("lab.vm1", new FakeBehaviour(BootTime: TimeSpan.FromSeconds(5)));
        await f.RunningAsync(first);

        await Should.ThrowAsync<InvalidVmStateException>(() => f.Driver.StartAsync(first.Id, CancellationToken.None));
    }
}
