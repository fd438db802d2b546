using System.Diagnostics;
using System.Net;
using Nines.Availability.Client;
using Nines.Availability.Model;
using Nines.Controller.AvailabilityShell;
using Nines.Embedded.Tests.EndToEnd;
using Nines.Testing;
using Xunit.Abstractions;

namespace Nines.Embedded.Tests.Availability;

/// <summary>
/// Real failovers end to end: a 2N group deployed by the embedded host, its active killed with SIGKILL, the
/// availability manager (fed by the driver's exit events) failing the service over to the standby and restarting the
/// killed unit as the new standby; for the OS-level group also an administrative switchover, while a client in the
/// test namespace (through the scenario's host interface) increments the sample counter every millisecond. Every
/// HA-state change is recorded from the store: at no revision do two units serve the instance.
/// </summary>
public sealed class FailoverEndToEndTests(ITestOutputHelper output)
{
    private const string OsLevelScenario = """
        nines: 1
        name: failos
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
        host:
          interfaces:
            - {network: net0, ipv4: [10.9.0.100/24]}
        redundancy_groups:
          - {name: counter, model: 2N, members: [a, b]}
        """;

    /// <summary>The OS-level group with a <c>health</c> sequence: the counter must answer PING on its port.</summary>
    private const string HealthScenario = """
        nines: 1
        name: failhealth
        networks:
          - name: net0
        vms:
          - name: a
            type: os
            memory: 384M
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.1/24]}
            execs:
              - {seq: health, command: "echo PING | nc -w 1 127.0.0.1 7000 | grep -q PONG"}
          - name: b
            type: os
            memory: 384M
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.2/24]}
            execs:
              - {seq: health, command: "echo PING | nc -w 1 127.0.0.1 7000 | grep -q PONG"}
        host:
          interfaces:
            - {network: net0, ipv4: [10.9.0.100/24]}
        redundancy_groups:
          - {name: counter, model: 2N, members: [a, b]}
        """;

    private const string QemuScenario = """
        nines: 1
        name: failvm
        networks:
          - name: net1
        vms:
          - name: g1
            interfaces:
              - {id: 0, network: net1, ipv4: [10.8.0.1/24]}
          - name: g2
            interfaces:
              - {id: 0, network: net1, ipv4: [10.8.0.2/24]}
        redundancy_groups:
          - {name: guests, model: 2N, members: [g1, g2]}
        """;

    private static readonly IReadOnlyList<IPEndPoint> _counters = [new(IPAddress.Parse("10.9.0.1"), 7000), new(IPAddress.Parse("10.9.0.2"), 7000)];

    [RequiresRealHostFact]
    public async Task TwoN_OsLevelCounter_FailsOverOnKillAndSwitchesOverOnRequest_WithoutLosingAnAcknowledgedIncrement()
    {
        await using var f = await FailoverHost.StartAsync(output);
        var (deployment, group, recorder) = await f.DeployAsync(OsLevelScenario, "failos.yaml");
        var instance = group.Engine.Group.Instances[0].Name;
        var client = new CounterClient(f.HostSideOf(deployment), _counters, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(() => client.RunAsync(stop.Token));
        try
        {
            await ServingWithStandbyAsync(f, group, recorder, client, "after the deploy");
            var active = recorder.ActiveOf(instance)!;
            var standby = FailoverHost.StandbyOf(recorder, group, active)!;

            // Failover: the active's init is killed; the standby must serve and the killed unit come back as standby.
            var init = (await f.Host.Driver.InspectAsync(deployment.VmId(active), CancellationToken.None)).ProcessId!.Value;
            var before = client.LastAck!.Value;
            var killedAt = DateTimeOffset.UtcNow;
            Process.GetProcessById(init).Kill();
            await FailoverHost.UntilAsync(() => client.Acks.Any(a => a.At > killedAt && _counters[a.Endpoint].Address.ToString() == AddressOf(standby)), TimeSpan.FromSeconds(60), () => $"{standby} never served after {active} was killed:\n{f.Diagnosis(recorder)}");
            var outage = client.Acks.First(a => a.At > killedAt).At - before.At;
            output.WriteLine($"failover: {active} killed, {standby} serving; client-visible outage {outage.TotalMilliseconds:0} ms");
            recorder.ActiveOf(instance).ShouldBe(standby);
            await ServingWithStandbyAsync(f, group, recorder, client, $"after {active} was restarted");
            FailoverHost.StandbyOf(recorder, group, standby).ShouldBe(active, "the killed unit is restarted as the new standby");

            // Switchover: administrative, graceful; the old standby (now active) hands over to the restarted unit.
            var requestedAt = DateTimeOffset.UtcNow;
            group.RequestSwitchover(null).Steps.ShouldNotBeEmpty();
            await FailoverHost.UntilAsync(() => recorder.ActiveOf(instance) == active && client.Acks.Any(a => a.At > requestedAt && _counters[a.Endpoint].Address.ToString() == AddressOf(active)), TimeSpan.FromSeconds(60), () => $"the switchover to {active} did not happen:\n{f.Diagnosis(recorder)}");
            recorder.Changes.ShouldContain(c => c.At > requestedAt && c.Unit == standby && c.Instances.Any(i => i.State == HaState.Quiescing), "the active is quiesced before it hands over");
            await ServingWithStandbyAsync(f, group, recorder, client, "after the switchover");
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
        }

        output.WriteLine($"requests: {client.Sent} sent, {client.Acks.Count} acknowledged; HA-state changes recorded: {recorder.Changes.Count}");
        client.Regressions().ShouldBe(0, "an acknowledged increment was lost (a later answer was not above it)");
        recorder.SplitBrains.ShouldBeEmpty($"two units served the instance at once:\n{f.Diagnosis(recorder)}");
        var (events, _) = await f.Host.Events.ListAsync(null, null, CancellationToken.None);
        events.ShouldContain(e => e.Kind == "HaRecoveryDecided", "every recovery decision is an event");
        events.Where(e => e.Kind.StartsWith("Ha", StringComparison.Ordinal)).ShouldAllBe(e => e.Message.Length > 0);
    }

    [RequiresRealHostFact]
    public async Task TwoN_QemuGuests_ActiveKilled_StandbyTakesOverAndTheGuestIsRestartedAsStandby()
    {
        await using var f = await FailoverHost.StartAsync(output);
        var (deployment, group, recorder) = await f.DeployAsync(QemuScenario, "failvm.yaml");
        var instance = group.Engine.Group.Instances[0].Name;
        await FailoverHost.UntilAsync(() => recorder.ActiveOf(instance) is { } a && FailoverHost.StandbyOf(recorder, group, a) is not null, TimeSpan.FromMinutes(3), () => $"no active and standby:\n{f.Diagnosis(recorder)}");
        var active = recorder.ActiveOf(instance)!;
        var standby = FailoverHost.StandbyOf(recorder, group, active)!;
        var qemu = (await f.Host.Driver.InspectAsync(deployment.VmId(active), CancellationToken.None)).ProcessId!.Value;

        var killedAt = DateTimeOffset.UtcNow;
        Process.GetProcessById(qemu).Kill();
        await FailoverHost.UntilAsync(() => recorder.ActiveOf(instance) == standby, TimeSpan.FromSeconds(60), () => $"{standby} never became active:\n{f.Diagnosis(recorder)}");
        var switched = recorder.Changes.First(c => c.At > killedAt && c.Unit == standby && c.Instances.Any(i => i.State == HaState.Active)).At - killedAt;
        output.WriteLine($"QEMU failover: {active}'s QEMU killed, {standby} published active after {switched.TotalMilliseconds:0} ms");

        // The killed guest boots again (a new QEMU process) and answers its guest agent as the new standby.
        await FailoverHost.UntilAsync(() => FailoverHost.StandbyOf(recorder, group, standby) == active, TimeSpan.FromMinutes(3), () => $"{active} did not come back as standby:\n{f.Diagnosis(recorder)}");
        var again = await f.Host.Driver.InspectAsync(deployment.VmId(active), CancellationToken.None);
        again.GuestReady.ShouldBeTrue();
        again.ProcessId.ShouldNotBe(qemu);
        var ping = await f.Host.Driver.ExecAsync(deployment.VmId(standby), Nines.Drivers.GuestCommand.Shell("ping -c 2 -W 3 10.8.0.1", TimeSpan.FromSeconds(20)), CancellationToken.None);
        ping.ExitCode.ShouldBe(0, $"the restarted guest's network was not configured again: {ping.StandardOutput}");
        recorder.SplitBrains.ShouldBeEmpty($"two units served the instance at once:\n{f.Diagnosis(recorder)}");
    }

    [RequiresRealHostFact]
    public async Task TwoN_OsLevelCounter_ApplicationHung_HealthSequenceFailsAndTheStandbyTakesOver()
    {
        await using var f = await FailoverHost.StartAsync(output);
        var (deployment, group, recorder) = await f.DeployAsync(HealthScenario, "failhealth.yaml");
        var instance = group.Engine.Group.Instances[0].Name;
        var client = new CounterClient(f.HostSideOf(deployment), _counters, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(() => client.RunAsync(stop.Token));
        int? frozen = null;
        try
        {
            await ServingWithStandbyAsync(f, group, recorder, client, "after the deploy");
            var active = recorder.ActiveOf(instance)!;
            var standby = FailoverHost.StandbyOf(recorder, group, active)!;

            // The application hangs (SIGSTOP) while its instance's init lives on: only the health sequence sees it.
            frozen = CounterProcessOf(f.DataPath, active);
            var init = (await f.Host.Driver.InspectAsync(deployment.VmId(active), CancellationToken.None)).ProcessId;
            ParentOf(frozen.Value).ShouldBe(init, "the program is a child of the instance's init, killed and reaped with it");
            var stoppedAt = DateTimeOffset.UtcNow;
            Signal(frozen.Value, "-STOP");
            await FailoverHost.UntilAsync(() => client.Acks.Any(a => a.At > stoppedAt && _counters[a.Endpoint].Address.ToString() == AddressOf(standby)), TimeSpan.FromSeconds(60), () => $"{standby} never served after {active}'s counter was stopped:\n{f.Diagnosis(recorder)}");
            output.WriteLine($"hung application: {standby} serving {(client.Acks.First(a => a.At > stoppedAt && _counters[a.Endpoint].Address.ToString() == AddressOf(standby)).At - stoppedAt).TotalMilliseconds:0} ms after {active}'s counter was stopped");
            recorder.ActiveOf(instance).ShouldBe(standby);
            await ServingWithStandbyAsync(f, group, recorder, client, $"after {active} was recovered");
            Process.GetProcesses().ShouldNotContain(p => p.Id == frozen.Value, "the hung program is killed by the recovery");
            frozen = null;
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
            if (frozen is { } pid)
            {
                Signal(pid, "-CONT");
            }
        }

        client.Regressions().ShouldBe(0, "an acknowledged increment was lost");
        recorder.SplitBrains.ShouldBeEmpty($"two units served the instance at once:\n{f.Diagnosis(recorder)}");
        var (events, _) = await f.Host.Events.ListAsync(null, null, CancellationToken.None);
        events.ShouldContain(e => e.Kind == "HaRecoveryDecided" && e.Message.Contains("health sequence", StringComparison.Ordinal), "the decision names the failed health sequence");
    }

    /// <summary>The sample counter's process serving <paramref name="unit"/> (its command line names the unit).</summary>
    private static int CounterProcessOf(string dataPath, string unit) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .First(pid =>
            {
                try
                {
                    var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                    return args.Any(a => a.EndsWith("Nines.Samples.Counter.dll", StringComparison.Ordinal))
                        && args.SkipWhile(a => a != "--unit").Skip(1).FirstOrDefault() == unit
                        && args.SkipWhile(a => a != "--store").Skip(1).FirstOrDefault()?.StartsWith(dataPath, StringComparison.Ordinal) == true;
                }
                catch (IOException)
                {
                    return false;
                }
            });

    private static int? ParentOf(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("PPid:", StringComparison.Ordinal))
            .Select(l => (int?)int.Parse(l[5..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        kill.ExitCode.ShouldBe(0, $"kill {signal} {pid}");
    }

    private static string AddressOf(string unit) => unit == "a" ? "10.9.0.1" : "10.9.0.2";

    private static async Task ServingWithStandbyAsync(FailoverHost f, ManagedGroup group, HaStateRecorder recorder, CounterClient client, string when)
    {
        var instance = group.Engine.Group.Instances[0].Name;
        await FailoverHost.UntilAsync(
            () => recorder.ActiveOf(instance) is { } a && FailoverHost.StandbyOf(recorder, group, a) is not null
                && client.LastAck is { } last && last.At > DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(500),
            TimeSpan.FromMinutes(2),
            () => $"{when}: no active serving with a standby (last ack {client.LastAck?.At:O}, last client error {client.LastError ?? "none"}):\n{f.Diagnosis(recorder)}");
    }
}
