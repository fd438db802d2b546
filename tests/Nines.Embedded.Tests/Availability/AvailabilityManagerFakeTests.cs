using Microsoft.Extensions.Logging;
using Nines.Agent.Hosting;
using Nines.Availability.Client;
using Nines.Availability.Model;
using Nines.Contracts.Model;
using Nines.Controller.AvailabilityShell;
using Nines.Drivers;
using Nines.Drivers.Fake;
using Nines.Testing;

namespace Nines.Embedded.Tests.Availability;

/// <summary>
/// The availability manager in the embedded host with the fake driver: a real SQLite store, real time, the
/// driver's real event stream; the fake acts out the kill. No root needed.
/// </summary>
public sealed class AvailabilityManagerFakeTests : IAsyncLifetime
{
    internal const string Scenario = """
        nines: 1
        name: ha
        networks:
          - name: net0
        vms:
          - name: a
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.1/24]}
          - name: b
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.2/24]}
        redundancy_groups:
          - {name: svc, model: 2N, members: [a, b]}
        """;

    private readonly string _data = Directory.CreateTempSubdirectory("nehafake-").FullName;
    private readonly CapturingLoggerProvider _logs = new();
    private EmbeddedHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await EmbeddedHost.StartAsync(
            new EmbeddedHostOptions
            {
                DataDirectory = _data,
                Driver = EmbeddedDriverKind.Fake,
                OperationPollInterval = TimeSpan.FromMilliseconds(50),
                Availability = new AvailabilityOptions { DiscoveryInterval = TimeSpan.FromMilliseconds(50) },
                LoggerFactory = _logs.CreateFactory(),
            },
            CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _host.StopAsync(tearDown: true, CancellationToken.None);
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task KillActive_TwoN_StandbyTakesOverAndTheRestartedUnitStandsBy()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        var deployment = await DeployAsync(ct);
        var group = await WaitForGroupAsync(deployment, ct);
        var recorder = new HaStateRecorder(_host.Store, group.QualifiedName);
        var recording = recorder.RunAsync(0, ct);
        await WaitUntilAsync(() => recorder.ActiveOf(group.QualifiedName) == "a" && StateOf(group, "b") == HaState.Standby, ct);

        ((FakeDriver)_host.Driver.Vms).Kill(deployment.VmId("a"));

        await WaitUntilAsync(() => recorder.ActiveOf(group.QualifiedName) == "b", ct);
        await WaitUntilAsync(() => StateOf(group, "a") == HaState.Standby, ct);
        (await _host.Driver.InspectAsync(deployment.VmId("a"), ct)).State.ShouldBe(VmState.Running, "the killed unit was restarted");
        group.Engine.Decisions.ShouldHaveSingleItem().Action.ShouldBe(Nines.Availability.Recovery.RecoveryAction.Restart);
        var events = await WaitForEventsAsync(e => e.Kind == "HaStateChanged" && e.Message.Contains("b for", StringComparison.Ordinal) && e.Message.Contains("→ Active", StringComparison.Ordinal), ct);
        events.ShouldContain(e => e.Kind == "HaRecoveryDecided" && e.Subject == "default/ha/a" && e.Reason == "svc");
        recorder.SplitBrains.ShouldBeEmpty();
        await timeout.CancelAsync();
        await recording;
    }

    [Fact]
    public async Task KillActive_TwoN_FailoverDecisionAndRestartLoggedWithTheirIds()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        var deployment = await DeployAsync(ct);
        var group = await WaitForGroupAsync(deployment, ct);
        await WaitUntilAsync(() => StateOf(group, "a") == HaState.Active && StateOf(group, "b") == HaState.Standby, ct);
        const string manager = "Nines.Controller.AvailabilityShell.AvailabilityManager";
        _logs.Entries.ShouldContain(e => e.Category == manager && e.EventId.Id == 10 && e.Value("Group") == "svc" && e.Value("Deployment") == "ha");

        ((FakeDriver)_host.Driver.Vms).Kill(deployment.VmId("a"));
        await WaitUntilAsync(() => StateOf(group, "a") == HaState.Standby && StateOf(group, "b") == HaState.Active, ct);

        // The decision: the engine's recovery of unit a, with every id an operator greps for.
        var decision = await _logs.WaitForAsync(e => e.Category == manager && e.EventId.Id == 1, "of the recovery decision");
        decision.Level.ShouldBe(LogLevel.Information);
        (decision.Value("Tenant"), decision.Value("Deployment"), decision.Value("Group"), decision.Value("Unit"), decision.Value("VmId"))
            .ShouldBe(("default", "ha", "svc", "a", deployment.VmId("a")));

        // The failover: b's HA state became active.
        await _logs.WaitForAsync(e => e.Category == manager && e.EventId.Id == 2 && e.Value("Unit") == "b" && e.Value("VmId") == deployment.VmId("b") && e.Message.Contains("→ Active", StringComparison.Ordinal), "of b going active");

        // The applier's restart of a on its host, started and done.
        const string applier = "Nines.Controller.AvailabilityShell.HostRecoveryApplier";
        var host = group.Engine.Group.FindUnit("a")!.Host;
        var restart = await _logs.WaitForAsync(e => e.Category == applier && e.EventId.Id == 2 && e.Value("Step") == "Restart", "of the restart done");
        (restart.Value("Unit"), restart.Value("VmId"), restart.Value("Host"), restart.Value("Tenant")).ShouldBe(("a", deployment.VmId("a"), host, "default"));
        _logs.Entries.ShouldNotContain(e => e.Level >= LogLevel.Error, string.Join(Environment.NewLine, _logs.Entries.Where(e => e.Level >= LogLevel.Error)));
    }

    [Fact]
    public async Task Handover_StandbyReleasedThenRestored_LockedMeanwhileAndStandsByAgain_NotElectedRefusesUnitsOnly()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        var deployment = await DeployAsync(ct);
        var group = await WaitForGroupAsync(deployment, ct);
        await WaitUntilAsync(() => StateOf(group, "a") == HaState.Active && StateOf(group, "b") == HaState.Standby, ct);
        var host = group.Engine.Group.FindUnit("b")!.Host;

        var (ticket, error) = await new ElectedUnitHandover(() => _host.Availability, _host.Deployments).ReleaseAsync(deployment, "b", ct);

        error.ShouldBeNull();
        ticket!.SwitchedOver.ShouldBeEmpty();
        group.Engine.Group.FindUnit("b")!.Locked.ShouldBeTrue();
        StateOf(group, "b").ShouldBeNull();
        await _host.Availability.RestoreAsync(ticket, host, relaunch: false, ct);
        group.Engine.Group.FindUnit("b")!.Locked.ShouldBeFalse();
        StateOf(group, "b").ShouldBe(HaState.Standby);
        var notElected = new ElectedUnitHandover(() => null, _host.Deployments);
        (await notElected.ReleaseAsync(deployment, "a", ct)).Error!.ShouldContain("redundancy group svc");
        (await notElected.ReleaseAsync(deployment, "nosuch", ct)).ShouldBe((null, null));
        group.Engine.Decisions.ShouldBeEmpty();
    }

    [Fact]
    public async Task RequestSwitchover_ServiceConfirmsQuiesce_RolesSwapWithoutTwoActives()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        var deployment = await DeployAsync(ct);
        var group = await WaitForGroupAsync(deployment, ct);
        var recorder = new HaStateRecorder(_host.Store, group.QualifiedName);
        var recording = recorder.RunAsync(0, ct);
        await WaitUntilAsync(() => recorder.ActiveOf(group.QualifiedName) == "a" && StateOf(group, "b") == HaState.Standby, ct);

        var outcome = _host.Availability.RequestSwitchover(deployment, "svc").ShouldNotBeNull();

        outcome.HasNotes.ShouldBeFalse(string.Join("; ", outcome.Notes));
        await WaitUntilAsync(() => PublishedStateOf(recorder, "a") == HaState.Quiescing, ct);
        // What the service does once it has nothing in flight (the fake guest runs no service).
        var client = new HaStateClient(_host.Store, group.QualifiedName, "a");
        var epoch = (await client.GetAsync(ct)).Epoch;
        await client.ConfirmQuiescedAsync(group.QualifiedName, epoch, ct);
        await WaitUntilAsync(() => recorder.ActiveOf(group.QualifiedName) == "b" && PublishedStateOf(recorder, "a") == HaState.Standby, ct);
        recorder.SplitBrains.ShouldBeEmpty();
        recorder.Changes.Select(c => (c.Unit, c.Instances.SingleOrDefault()?.State)).ShouldContain(("a", HaState.Quiesced));
        await timeout.CancelAsync();
        await recording;
    }

    [Fact]
    public async Task RequestSwitchover_UnknownGroup_IsNull()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var deployment = await DeployAsync(timeout.Token);
        await WaitForGroupAsync(deployment, timeout.Token);

        _host.Availability.RequestSwitchover(deployment, "nope").ShouldBeNull();
    }

    private static HaState? StateOf(ManagedGroup group, string unit) =>
        group.Engine.Group.AssignmentsOf(unit).FirstOrDefault()?.State;

    private static HaState? PublishedStateOf(HaStateRecorder recorder, string unit) =>
        recorder.Changes.LastOrDefault(c => c.Unit == unit)?.Instances.FirstOrDefault()?.State;

    private async Task<DeploymentRef> DeployAsync(CancellationToken ct)
    {
        var outcome = await _host.DeployTextAsync(Scenario, "ha.yaml", null, null, ct);
        outcome.Succeeded.ShouldBeTrue(outcome.Operation.Error);
        return outcome.Deployment;
    }

    private async Task<ManagedGroup> WaitForGroupAsync(DeploymentRef deployment, CancellationToken ct)
    {
        ManagedGroup? group = null;
        await WaitUntilAsync(() => (group = _host.Availability.Find(deployment, "svc")) is not null, ct);
        return group!;
    }

    private async Task<IReadOnlyList<EventRecord>> WaitForEventsAsync(Func<EventRecord, bool> until, CancellationToken ct)
    {
        while (true)
        {
            var (events, _) = await _host.Events.ListAsync(null, null, ct);
            if (events.Any(until))
            {
                return events;
            }

            await Task.Delay(20, ct);
        }
    }

    private async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            if (ct.IsCancellationRequested)
            {
                var (events, _) = await _host.Events.ListAsync(null, null, CancellationToken.None);
                throw new TimeoutException("condition not met; events:\n" + string.Join("\n", events.Select(e => $"{e.Kind} {e.Subject}: {e.Message}")));
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }
}
