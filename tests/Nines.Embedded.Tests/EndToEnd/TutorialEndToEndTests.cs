using System.Diagnostics;
using Nines.Contracts.Model;
using Nines.Drivers;
using Nines.Drivers.Qemu;
using Nines.Networking.Planning;
using Xunit.Abstractions;

namespace Nines.Embedded.Tests.EndToEnd;

/// <summary>
/// Issue 4's "done when": the VNUML tutorial, unchanged, deployed by the embedded control plane on real QEMU guests
/// and real Open vSwitch — everything network-side (and QEMU, which opens its taps in its own namespace) inside a
/// namespace with no way off the machine — proves its topology with pings, then undeploys without a trace.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TutorialEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan _deadline = TimeSpan.FromMinutes(5);

    [RequiresRealHostFact]
    public async Task DeployFile_VnumlTutorialInNamespace_RoutesThroughRoutersAndHostThenUndeploysWithoutTrace()
    {
        using var timeout = new CancellationTokenSource(_deadline);
        var ct = timeout.Token;
        await using var ns = await TestNetworkNamespace.CreateAsync();
        await using var data = new EndToEndDataDirectory();
        var clock = Stopwatch.StartNew();
        var host = await EmbeddedHost.StartAsync(new EmbeddedHostOptions { DataDirectory = data.Path, NetworkNamespace = ns.Name }, ct);
        try
        {
            output.WriteLine($"started in {clock.Elapsed.TotalSeconds:0.0} s (OVS datapath {host.Ovs!.Datapath}, {((IQemuDriver)host.Driver.Vms).Accelerator})");
            var progress = new List<Operation>();
            clock.Restart();

            var outcome = await host.DeployFileAsync(TutorialPath, null, new SynchronousProgress<Operation>(progress.Add), ct);

            output.WriteLine($"deployed in {clock.Elapsed.TotalSeconds:0.0} s ({progress.Count} progress reports)");
            outcome.Succeeded.ShouldBeTrue(await DescribeAsync(host, outcome));
            outcome.Status!.Phase.ShouldBe(DeploymentPhase.Running);
            outcome.Status.Vms.Keys.Order().ShouldBe(["uml1", "uml2", "uml3", "uml4", "uml5"]);
            progress.ShouldContain(o => o.Vms.Values.Any(v => v.Percent < 100), "progress is reported while VMs boot");
            var deployment = outcome.Deployment;
            (await host.Ovs.VsctlAsync(["list-ports", "nines0"], ct)).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length
                .ShouldBe(9, "eight VM interfaces and the Net3 host interface");

            // uml1 (Net0) reaches uml5 (Net2) only through uml3 (Net0-Net1) and uml4 (Net1-Net2).
            clock.Restart();
            var ping = await host.Driver.ExecAsync(deployment.VmId("uml1"), GuestCommand.Shell("ping -c 3 -W 2 10.0.2.2", TimeSpan.FromSeconds(30)), ct);
            output.WriteLine($"uml1 -> 10.0.2.2 in {clock.Elapsed.TotalSeconds:0.0} s:\n{ping.StandardOutput}");
            ping.Succeeded.ShouldBeTrue($"uml1 could not ping uml5 through uml3 and uml4: {ping.StandardOutput} {ping.StandardError}");
            var trace = await host.Driver.ExecAsync(deployment.VmId("uml1"), GuestCommand.Shell("ping -c 1 -W 2 -t 2 10.0.2.2", TimeSpan.FromSeconds(30)), ct);
            trace.Succeeded.ShouldBeFalse("with a TTL of 2 the echo dies at the second router: the path really has two routers");

            // The scenario's <host> side: Net3's host interface and the route to 10.0.0.0/16 via uml3, in the deployment's
            // own namespace (issue 18), and nothing of it in the namespace the switch runs in.
            await using var hostSide = TestNetworkNamespace.Of(HostSideNamespace.Name(deployment.Id, ns.Name));
            (await hostSide.RunAsync("ip", "-4", "route", "show", "10.0.0.0/16")).ShouldContain("via 10.0.3.1");
            (await ns.RunAsync("ip", "-4", "route", "show", "10.0.0.0/16")).Trim().ShouldBeEmpty();
            var hostPing = await hostSide.TryRunAsync("ping", "-c", "3", "-W", "2", "10.0.0.1");
            output.WriteLine($"{hostSide.Name} -> 10.0.0.1:\n{hostPing.StandardOutput}");
            hostPing.Succeeded.ShouldBeTrue($"the host side could not ping uml1 through Net3 and its route: {hostPing.StandardOutput} {hostPing.StandardError}");

            clock.Restart();
            var undeploy = await host.UndeployAsync(deployment, null, ct);

            output.WriteLine($"undeployed in {clock.Elapsed.TotalSeconds:0.0} s");
            undeploy.ShouldNotBeNull().State.ShouldBe(OperationState.COMPLETED);
            data.LiveQemuProcesses().ShouldBeEmpty("no QEMU process is left");
            (await ns.LinksAsync()).ShouldNotContain(l => l.StartsWith("nt", StringComparison.Ordinal) || l.StartsWith("nh", StringComparison.Ordinal), "no tap or host interface is left");
            (await host.Ovs.VsctlAsync(["list-ports", "nines0"], ct)).ThrowIfFailed().StandardOutput.Trim().ShouldBeEmpty("no OVS port is left");
            File.Exists(Path.Combine("/run/netns", hostSide.Name)).ShouldBeFalse("the deployment's namespace is deleted");
            (await host.Deployments.GetAsync(deployment, ct)).ShouldBeNull();
        }
        finally
        {
            await host.StopAsync(tearDown: true, CancellationToken.None);
            data.KillLeftovers();
        }

        Directory.Exists(Path.Combine(data.Path, "ovs")).ShouldBeTrue();
        File.Exists(Path.Combine(data.Path, "ovs", "ovs-vswitchd.pid")).ShouldBeFalse("the Open vSwitch daemons are stopped");
    }

    internal static string TutorialPath => Path.Combine(AppContext.BaseDirectory, "data", "vnuml", "tutorial_root1_xp_sysprep.xml");

    private static async Task<string> DescribeAsync(EmbeddedHost host, DeploymentOutcome outcome)
    {
        var events = (await host.Events.ListAsync(null, null, CancellationToken.None)).Events;
        return $"operation {outcome.Operation.State}: {outcome.Operation.Error}\n"
            + string.Join("\n", outcome.Status?.Vms.Select(v => $"{v.Key}: {v.Value}") ?? [])
            + "\n" + string.Join("\n", outcome.Status?.Conditions.Select(c => c.ToString()) ?? [])
            + "\nevents:\n" + string.Join("\n", events.Select(e => $"{e.Kind} {e.Subject} {e.Reason} {e.Message}"));
    }
}

/// <summary>Tests that boot real guests run one at a time: the machine has two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end to end";
}

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread (no synchronization context hop).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
