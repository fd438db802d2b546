using System.Diagnostics;
using System.Security.Cryptography;
using Nines.Contracts.Model;
using Nines.Drivers;
using Nines.Drivers.Container;
using Xunit.Abstractions;

namespace Nines.Embedded.Tests.EndToEnd;

/// <summary>
/// Issue 5's "done when" through the whole control plane: a native scenario with one QEMU guest and one OS-level VM
/// (<c>type: os</c>) on the same network, deployed by the embedded host (QEMU and container drivers behind one
/// routing driver) on real Open vSwitch inside a namespace with no way off the machine. The scenario's addresses are
/// applied by the agent in both; each pings the other; undeploy leaves no process, veth, tap or port.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class MixedScenarioEndToEndTests(ITestOutputHelper output)
{
    internal const string Scenario = """
        nines: 1
        name: mixed
        networks:
          - name: net0
        vms:
          - name: guest
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.1/24]}
          - name: vnf
            type: os
            memory: 32M
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.2/24]}
        """;

    [RequiresRealHostFact]
    public async Task DeployText_GuestAndOsLevelVmOnOneNetwork_PingEachOtherThenUndeployWithoutTrace()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        await using var ns = await TestNetworkNamespace.CreateAsync();
        await using var data = new EndToEndDataDirectory();
        var cgroupParent = $"nines-e2e-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var host = await EmbeddedHost.StartAsync(
            new EmbeddedHostOptions { DataDirectory = data.Path, NetworkNamespace = ns.Name, Container = new ContainerDriverOptions { CgroupParent = cgroupParent } },
            ct);
        try
        {
            host.Driver.Name.ShouldBe("qemu+container");
            var clock = Stopwatch.StartNew();

            var outcome = await host.DeployTextAsync(Scenario, "mixed.yaml", null, null, ct);

            output.WriteLine($"deployed in {clock.Elapsed.TotalSeconds:0.0} s");
            outcome.Succeeded.ShouldBeTrue($"{outcome.Operation.State}: {outcome.Operation.Error}\n{string.Join("\n", outcome.Status?.Vms.Select(v => $"{v.Key}: {v.Value}") ?? [])}");
            var guest = outcome.Deployment.VmId("guest");
            var vnf = outcome.Deployment.VmId("vnf");
            (await host.Driver.Instances.InspectAsync(vnf, ct)).State.ShouldBe(VmState.Running, "the OS-level VM runs on the container driver");
            (await host.Driver.Vms.InspectAsync(guest, ct)).State.ShouldBe(VmState.Running);
            var ports = await PortsAsync(host, ct);
            ports.Count.ShouldBe(2);
            (await ns.LinksAsync()).ShouldContain(l => ports.Contains(l), "the veth's host end is in the namespace");

            var fromInstance = await host.Driver.ExecAsync(vnf, GuestCommand.Shell("ping -c 3 -W 3 10.9.0.1", TimeSpan.FromSeconds(30)), ct);
            var fromGuest = await host.Driver.ExecAsync(guest, GuestCommand.Shell("ping -c 3 -W 3 10.9.0.2", TimeSpan.FromSeconds(30)), ct);
            output.WriteLine($"vnf -> guest:\n{fromInstance.StandardOutput}\nguest -> vnf:\n{fromGuest.StandardOutput}");
            fromInstance.Succeeded.ShouldBeTrue($"the instance could not ping the guest: {fromInstance.StandardOutput} {fromInstance.StandardError}");
            fromGuest.Succeeded.ShouldBeTrue($"the guest could not ping the instance: {fromGuest.StandardOutput} {fromGuest.StandardError}");

            var undeploy = await host.UndeployAsync(outcome.Deployment, null, ct);

            undeploy.ShouldNotBeNull().State.ShouldBe(OperationState.COMPLETED);
            data.LiveQemuProcesses().ShouldBeEmpty("no QEMU process is left");
            Directory.EnumerateDirectories(Path.Combine(data.Path, "instances")).ShouldBeEmpty("no instance run directory is left");
            Directory.Exists(Path.Combine("/sys/fs/cgroup/memory", cgroupParent, vnf)).ShouldBeFalse("no instance cgroup is left");
            (await ns.LinksAsync()).ShouldNotContain(l => ports.Contains(l), "no tap or veth is left");
            (await PortsAsync(host, ct)).ShouldBeEmpty("no OVS port is left");
        }
        finally
        {
            await host.StopAsync(tearDown: true, CancellationToken.None);
            data.KillLeftovers();
            foreach (var controller in Directory.EnumerateDirectories("/sys/fs/cgroup"))
            {
                var parent = Path.Combine(controller, cgroupParent);
                if (Directory.Exists(parent) && !Directory.EnumerateDirectories(parent).Any())
                {
                    Directory.Delete(parent);
                }
            }
        }
    }

    private static async Task<List<string>> PortsAsync(EmbeddedHost host, CancellationToken ct) =>
        [.. (await host.Ovs!.VsctlAsync(["list-ports", "nines0"], ct)).ThrowIfFailed().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}
