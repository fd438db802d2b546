using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Nines.Availability.Client;
using Nines.Availability.Model;
using Nines.Availability.Recovery;
using Nines.ControlPlane.Availability;
using Nines.ControlPlane.Embedded;
using Nines.ControlPlane.Tests.EndToEnd;
using Nines.Drivers.Container;
using Xunit.Abstractions;

namespace Nines.ControlPlane.Tests.Availability;

/// <summary>
/// Issue 7's end-to-end failover of OS-level instances: a 2N group of two <c>type: os</c> VMs, each running the sample
/// counter (launched inside the instance from the host's build, on the embedded store's SQLite file), on real Open
/// vSwitch inside a namespace with no way off the machine, a client in that namespace incrementing continuously.
/// kill -9 of the active's init → the standby serves, no acknowledged increment lost, the killed unit is restarted and
/// stands by; then an administrative switchover back, again without a lost increment; never two actives.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OsLevelFailoverEndToEndTests(ITestOutputHelper output)
{
    internal const string Scenario = """
        nines: 1
        name: haos
        networks:
          - name: net0
        vms:
          - name: a
            type: os
            memory: 384M
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.1/24]}
          - name: b
            type: os
            memory: 384M
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.2/24]}
        redundancy_groups:
          - {name: counter, model: 2N, members: [a, b]}
        """;

    [RequiresRealHostFact]
    public async Task KillActiveThenSwitchover_TwoNInstancesRunningTheCounter_NoAcknowledgedIncrementLostNoSplitBrain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(9));
        var ct = timeout.Token;
        await using var ns = await TestNetworkNamespace.CreateAsync();
        await using var data = new EndToEndDataDirectory();
        var cgroupParent = $"nines-e2e-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var launcher = CounterLauncher.For(Path.Combine(data.Path, "state.db"), data.Path);
        var host = await EmbeddedHost.StartAsync(
            new EmbeddedHostOptions
            {
                DataDirectory = data.Path,
                NetworkNamespace = ns.Name,
                Container = new ContainerDriverOptions { CgroupParent = cgroupParent },
                OperationPollInterval = TimeSpan.FromMilliseconds(100),
                Availability = new AvailabilityOptions { Launcher = launcher, DiscoveryInterval = TimeSpan.FromMilliseconds(100) },
            },
            ct);
        try
        {
            var from = (await host.Store.RangeAsync(HaStateKeys.Root, 1, ct)).Revision;
            var outcome = await host.DeployTextAsync(Scenario, "haos.yaml", null, null, ct);
            outcome.Succeeded.ShouldBeTrue($"{outcome.Operation.State}: {outcome.Operation.Error}");
            var deployment = outcome.Deployment;
            await ClientPort.AttachAsync(host, ns, "10.9.0.100/24", ct);
            using var stopTag = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var tagFollower = ClientPort.FollowTagAsync(host, stopTag.Token);
            var group = await Wait.ForAsync(() => host.Availability.Find(deployment, "counter"), ct);
            var recorder = new HaStateRecorder(host.Store, group.QualifiedName);
            using var stopRecording = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var recording = recorder.RunAsync(from, stopRecording.Token);
            await Wait.UntilAsync(() => recorder.ActiveOf(group.QualifiedName) == "a", ct, () => Describe(host, recorder, launcher, deployment));

            using var sockets = new NetnsSocketFactory(ns.Name);
            var client = new CounterClient(sockets, [new IPEndPoint(IPAddress.Parse("10.9.0.1"), CounterLauncher.Port), new IPEndPoint(IPAddress.Parse("10.9.0.2"), CounterLauncher.Port)], "hits");
            using var stopClient = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var traffic = client.RunAsync(TimeSpan.FromMilliseconds(1), stopClient.Token);
            await Wait.UntilAsync(() => client.Acks.Count >= 50, ct, () => Describe(host, recorder, launcher, deployment));

            var active = await host.Driver.InspectAsync(deployment.VmId("a"), ct);
            var killedAt = client.Acks.Count;
            var clock = Stopwatch.StartNew();
            Process.GetProcessById(active.ProcessId!.Value).Kill();

            await Wait.UntilAsync(() => recorder.ActiveOf(group.QualifiedName) == "b" && client.Acks.Count >= killedAt + 50, ct, () => Describe(host, recorder, launcher, deployment));
            output.WriteLine($"failover: b active and 50 more increments acknowledged {clock.ElapsedMilliseconds} ms after the kill");
            await Wait.UntilAsync(() => Published(recorder, "a") == HaState.Standby, ct, () => Describe(host, recorder, launcher, deployment));
            output.WriteLine($"a restarted and standing by {clock.ElapsedMilliseconds} ms after the kill");
            group.Engine.Decisions.ShouldHaveSingleItem().Action.ShouldBe(RecoveryAction.Restart);

            var switchedAt = client.Acks.Count;
            var switchover = host.Availability.RequestSwitchover(deployment, "counter").ShouldNotBeNull();
            switchover.HasNotes.ShouldBeFalse(string.Join("; ", switchover.Notes));
            await Wait.UntilAsync(
                () => recorder.ActiveOf(group.QualifiedName) == "a" && Published(recorder, "b") == HaState.Standby && client.Acks.Count >= switchedAt + 50,
                ct,
                () => Describe(host, recorder, launcher, deployment));

            await stopClient.CancelAsync();
            await traffic;
            await stopRecording.CancelAsync();
            await recording;
            await stopTag.CancelAsync();
            await tagFollower;
            output.WriteLine($"{client.Acks.Count} increments acknowledged, {client.Refused} requests refused or cut");
            client.Regressions().ShouldBeEmpty("an acknowledged increment was lost");
            recorder.SplitBrains.ShouldBeEmpty("two units were published active for the counter at once");
            SplitBrain.In(group.Engine.Transitions).ShouldBeEmpty();
            recorder.Changes.ShouldContain(c => c.Unit == "b" && c.Instances.Any(i => i.State == HaState.Quiescing));
            var (events, _) = await host.Events.ListAsync(null, null, ct);
            events.ShouldContain(e => e.Kind == "HaRecoveryDecided" && e.Subject == $"{deployment}/a");
            events.ShouldContain(e => e.Kind == "HaStateChanged" && e.Subject == $"{deployment}/b" && e.Message.Contains("→ Active", StringComparison.Ordinal));
        }
        finally
        {
            await host.StopAsync(tearDown: true, CancellationToken.None);
            data.KillLeftovers();
            CgroupCleanup.RemoveParent(cgroupParent);
        }
    }

    private static HaState? Published(HaStateRecorder recorder, string unit) =>
        recorder.Changes.LastOrDefault(c => c.Unit == unit)?.Instances.FirstOrDefault()?.State;

    private static string Describe(EmbeddedHost host, HaStateRecorder recorder, HostProgramLauncher launcher, Model.DeploymentRef deployment)
    {
        var (events, _) = host.Events.ListAsync(null, null, CancellationToken.None).GetAwaiter().GetResult();
        var logs = new[] { "a", "b" }.Select(vm => launcher.LogOf(deployment.VmId(vm))).Where(File.Exists).Select(f => $"{f}:\n{File.ReadAllText(f)}");
        return string.Join("\n", events.TakeLast(40).Select(e => $"{e.Kind} {e.Subject}: {e.Message}"))
            + "\nrecords:\n" + string.Join("\n", recorder.Changes.Select(c => $"{c.Revision} {c.Unit}: {string.Join(",", c.Instances.Select(i => i.State))}"))
            + "\n" + string.Join("\n", logs);
    }
}
