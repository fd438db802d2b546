using Nines.Domain.Scenarios;
using Nines.Drivers.Errors;
using Nines.Drivers.Fake;
using Nines.Drivers.Routing;
using Nines.Testing;

namespace Nines.Drivers.Tests.Routing;

/// <summary>
/// The routing driver over two real fake drivers on two fake machines: guests on one, OS-level instances on the
/// other, so where each VM went is observable on the machine that runs it.
/// </summary>
public sealed class RoutingVmDriverTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly FakeHost _guestMachine;
    private readonly FakeHost _instanceMachine;
    private readonly RoutingVmDriver _driver;

    public RoutingVmDriverTests()
    {
        _guestMachine = new FakeHost(_clock);
        _instanceMachine = new FakeHost(_clock);
        _driver = new RoutingVmDriver(new FakeDriver(_guestMachine), new FakeDriver(_instanceMachine, new FakeDriverOptions { Capabilities = FakeDriverOptions.AllCapabilities & ~DriverCapabilities.Watchdog }));
    }

    private static VmDefinition Guest(string id) => new(id, id, 128, 1, new BootSource("/images/vmlinux"), [new NicDefinition(0, "fe:fd:00:00:01:00", "net0")]);

    private static VmDefinition Instance(string id) => new(id, id, 64, 1, new BootSource(), [new NicDefinition(0, "fe:fd:00:00:02:00", "net0")], Container: new ContainerDefinition());

    [Fact]
    public async Task DefineAndStart_GuestAndInstance_EachRunsOnItsOwnDriver()
    {
        await _driver.DefineAsync(Guest("s.guest"), CancellationToken.None);
        await _driver.DefineAsync(Instance("s.ct"), CancellationToken.None);

        (await _driver.StartAsync("s.guest", CancellationToken.None)).State.ShouldBe(VmState.Running);
        (await _driver.StartAsync("s.ct", CancellationToken.None)).State.ShouldBe(VmState.Running);

        _guestMachine.Vms.Keys.ShouldBe(["s.guest"]);
        _instanceMachine.Vms.Keys.ShouldBe(["s.ct"]);
        await Should.ThrowAsync<VmNotFoundException>(() => _driver.Vms.InspectAsync("s.ct", CancellationToken.None));
        (await _driver.DestroyAsync("s.ct", CancellationToken.None)).State.ShouldBe(VmState.Stopped);
        (await _driver.InspectAsync("s.guest", CancellationToken.None)).State.ShouldBe(VmState.Running);
    }

    [Fact]
    public async Task Capabilities_TwoDrivers_UnionButEachVmGetsItsDriversOwn()
    {
        await _driver.DefineAsync(Guest("s.guest"), CancellationToken.None);
        await _driver.DefineAsync(Instance("s.ct"), CancellationToken.None);

        _driver.Name.ShouldBe("fake+fake");
        _driver.Capabilities.HasFlag(DriverCapabilities.Watchdog).ShouldBeTrue();
        (await _driver.CapabilitiesOfAsync("s.guest", CancellationToken.None)).HasFlag(DriverCapabilities.Watchdog).ShouldBeTrue();
        (await _driver.CapabilitiesOfAsync("s.ct", CancellationToken.None)).HasFlag(DriverCapabilities.Watchdog).ShouldBeFalse();
        var watched = Instance("s.ct2") with { Watchdog = new WatchdogDefinition() };
        (await Should.ThrowAsync<UnsupportedOperationException>(() => _driver.DefineAsync(watched, CancellationToken.None))).Capability.ShouldBe(DriverCapabilities.Watchdog);
    }

    [Fact]
    public async Task DefineAsync_RealTimeOnDriverWithoutIt_RefusedNamingFieldAndNothingDefined()
    {
        await using var driver = new RoutingVmDriver(
            new FakeDriver(_guestMachine, new FakeDriverOptions { Capabilities = FakeDriverOptions.AllCapabilities & ~DriverCapabilities.RealTime }),
            new FakeDriver(_instanceMachine));

        var error = await Should.ThrowAsync<InvalidDefinitionException>(() => driver.DefineAsync(Guest("s.rt") with { Qos = new QosSpec(RealTimePriority: 10) }, CancellationToken.None));
        await driver.DefineAsync(Instance("s.rt-ct") with { Qos = new QosSpec(RealTimePriority: 10) }, CancellationToken.None);

        error.Diagnostics.Single().Code.ShouldBe(RoutingVmDriver.RealTimeUnsupported);
        error.Diagnostics.Single().Field.ShouldBe("vm[s.rt].qos.realTimePriority");
        error.Message.ShouldContain("SCHED_FIFO priority 10");
        _guestMachine.Vms.ShouldBeEmpty();
        _instanceMachine.Vms.Keys.ShouldBe(["s.rt-ct"]);
    }

    [Fact]
    public async Task DefineAsync_IdDefinedOnTheOtherDriver_IdInUse()
    {
        await _driver.DefineAsync(Guest("s.vm"), CancellationToken.None);

        var error = await Should.ThrowAsync<InvalidDefinitionException>(() => _driver.DefineAsync(Instance("s.vm"), CancellationToken.None));

        error.Diagnostics.Single().Code.ShouldBe(Nines.Drivers.Validation.VmDefinitionValidator.IdInUse);
        _instanceMachine.Vms.ShouldBeEmpty();
    }

    [Fact]
    public async Task Operations_UnknownId_VmNotFound()
    {
        await Should.ThrowAsync<VmNotFoundException>(() => _driver.StartAsync("s.nobody", CancellationToken.None));
        await Should.ThrowAsync<VmNotFoundException>(() => _driver.InspectAsync("s.nobody", CancellationToken.None));
    }

    [Fact]
    public async Task WatchEventsAsync_EventsOfBothDrivers_OneStreamInEachDriversOrder()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = _driver.WatchEventsAsync(stop.Token).GetAsyncEnumerator(stop.Token);

        await _driver.DefineAsync(Guest("s.guest"), CancellationToken.None);
        await _driver.DefineAsync(Instance("s.ct"), CancellationToken.None);
        await _driver.StartAsync("s.guest", CancellationToken.None);
        await _driver.StartAsync("s.ct", CancellationToken.None);
        await _driver.DestroyAsync("s.ct", CancellationToken.None);

        var seen = new List<VmEvent>();
        while (!seen.Any(e => e.VmId == "s.ct" && e.Kind == VmEventKind.Stopped) || !seen.Any(e => e.VmId == "s.guest"))
        {
            (await events.MoveNextAsync()).ShouldBeTrue();
            seen.Add(events.Current);
        }

        seen.Where(e => e.VmId == "s.ct").Select(e => e.Kind).ShouldBe([VmEventKind.Started, VmEventKind.GuestReady, VmEventKind.Stopped]);
        seen.First(e => e.VmId == "s.guest").Kind.ShouldBe(VmEventKind.Started);
        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Fact]
    public async Task ReattachAsync_NewRouterOverSameMachines_FindsBothAndRoutesBySight()
    {
        await _driver.DefineAsync(Guest("s.guest"), CancellationToken.None);
        await _driver.StartAsync("s.guest", CancellationToken.None);
        await _driver.DefineAsync(Instance("s.ct"), CancellationToken.None);
        await _driver.StartAsync("s.ct", CancellationToken.None);
        await using var restarted = new RoutingVmDriver(new FakeDriver(_guestMachine), new FakeDriver(_instanceMachine));

        var found = await restarted.ReattachAsync(CancellationToken.None);

        found.Select(s => s.Id).ShouldBe(["s.guest", "s.ct"]);
        (await restarted.DestroyAsync("s.ct", CancellationToken.None)).State.ShouldBe(VmState.Stopped);
        _instanceMachine.Vms["s.ct"].State.ShouldBe(VmState.Stopped);
        _guestMachine.Vms["s.guest"].State.ShouldBe(VmState.Running);
    }

    [Fact]
    public void Constructor_SameDriverTwice_Refused()
    {
        var one = new FakeDriver(_guestMachine);

        Should.Throw<ArgumentException>(() => new RoutingVmDriver(one, one));
    }

    public async ValueTask DisposeAsync() => await _driver.DisposeAsync();
}
