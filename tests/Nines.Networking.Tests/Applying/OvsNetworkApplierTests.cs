using Nines.Networking.Planning;
using Nines.Networking.Tests.Support;

namespace Nines.Networking.Tests.Applying;

/// <summary>Real Open vSwitch in a throw-away namespace; child namespaces on the plan's tags stand in for the VMs.</summary>
public sealed class OvsNetworkApplierTests
{
    [RequiresOvsFact]
    public async Task ApplyAsync_TwoVmsOnOneSegment_PingEachOtherAndTapsAreTaggedAndUp()
    {
        await using var host = await OvsTestHost.StartAsync();
        var plan = await DeployAsync(host, "s1", TestScenarios.TwoVms("a"));
        var tag = plan.FindSegment("Net0")!.Tag;

        var vm1 = await host.AddEndpointAsync(plan.Bridge, (tag, "10.0.0.1/24"));
        var vm2 = await host.AddEndpointAsync(plan.Bridge, (tag, "10.0.0.2/24"));

        (await host.PingAsync(vm1, "10.0.0.2")).ShouldBeTrue();
        (await host.PingAsync(vm2, "10.0.0.1")).ShouldBeTrue();
        foreach (var tap in plan.Taps)
        {
            (await host.RunAsync("ip", "-d", "link", "show", "dev", tap.Name)).ShouldContain("tun type tap");
            (await host.RunAsync("ip", "link", "show", "dev", tap.Name)).ShouldContain(",UP");
            (await host.Daemon.VsctlAsync(["get", "port", tap.Name, "tag"], CancellationToken.None)).StandardOutput.Trim().ShouldBe(tap.Tag.ToString(System.Globalization.CultureInfo.InvariantCulture));
            (await host.Daemon.VsctlAsync(["get", "interface", tap.Name, "external_ids:nines-vm"], CancellationToken.None)).StandardOutput.Trim().Trim('"').ShouldBe(tap.Vm);
            (await host.Daemon.VsctlAsync(["get", "interface", tap.Name, "ofport"], CancellationToken.None)).StandardOutput.Trim().ShouldNotBe("-1");
        }
    }

    [RequiresOvsFact]
    public async Task ApplyAsync_TwoScenariosSameNetworkAndAddresses_NeverShareTraffic()
    {
        await using var host = await OvsTestHost.StartAsync();
        var a = await DeployAsync(host, "scenario-a", TestScenarios.TwoVms("same"));
        var b = await DeployAsync(host, "scenario-b", TestScenarios.TwoVms("same"));
        var a1 = await host.AddEndpointAsync(a.Bridge, (a.FindSegment("Net0")!.Tag, "10.0.0.1/24"));
        var a2 = await host.AddEndpointAsync(a.Bridge, (a.FindSegment("Net0")!.Tag, "10.0.0.2/24"));
        var b1 = await host.AddEndpointAsync(b.Bridge, (b.FindSegment("Net0")!.Tag, "10.0.0.1/24"));
        var b2 = await host.AddEndpointAsync(b.Bridge, (b.FindSegment("Net0")!.Tag, "10.0.0.2/24"));

        (await host.PingAsync(a1, "10.0.0.2")).ShouldBeTrue();
        (await host.PingAsync(b1, "10.0.0.2")).ShouldBeTrue();

        // With a's peer gone, only b's 10.0.0.2 is left: a must not reach it.
        await host.InChild(a2, "ip", "link", "set", "eth0", "down");
        await host.InChild(a1, "ip", "neigh", "flush", "all");
        (await host.PingAsync(a1, "10.0.0.2")).ShouldBeFalse();
        (await host.PingAsync(b2, "10.0.0.1")).ShouldBeTrue();
    }

    [RequiresOvsFact]
    public async Task ApplyAsync_HostInterfaceAndRoute_HostReachesVmsDirectlyAndThroughRouter()
    {
        await using var host = await OvsTestHost.StartAsync();
        var plan = await DeployAsync(host, "s1", TestScenarios.TwoVms("a"));
        var net0 = plan.FindSegment("Net0")!.Tag;
        var net1 = plan.FindSegment("Net1")!.Tag;
        var vm1 = await host.AddEndpointAsync(plan.Bridge, (net0, "10.0.0.1/24"));
        var vm2 = await host.AddEndpointAsync(plan.Bridge, (net0, "10.0.0.2/24"), (net1, "10.0.1.2/24"));
        await host.InChild(vm1, "ip", "route", "add", "default", "via", "10.0.0.2");
        await host.InChild(vm2, "sysctl", "-qw", "net.ipv4.ip_forward=1");

        // The host side is the deployment's own namespace: its interface, its route via vm2, its forwarding.
        var hostSide = plan.HostSideNamespace.ShouldNotBeNull();
        (await host.PingAsync(hostSide, "10.0.1.2")).ShouldBeTrue();
        (await host.PingAsync(hostSide, "10.0.0.1")).ShouldBeTrue();
        (await host.InNamespaceAsync(hostSide, "sysctl", "-n", "net.ipv4.ip_forward")).StandardOutput.Trim().ShouldBe("1");
        (await host.RunAsync("sysctl", "-n", "net.ipv4.ip_forward")).Trim().ShouldBe("0", "the switch's namespace keeps its own setting");
    }

    [RequiresOvsFact]
    public async Task ApplyAndRemove_Twice_SecondRunChangesNothingAndRemoveRestoresTheHost()
    {
        await using var host = await OvsTestHost.StartAsync();
        // A neighbour with the very same host side (10.0.1.100, the route to 10.0.0.0/24): each has a namespace of its own.
        await DeployAsync(host, "neighbour", TestScenarios.TwoVms("n"));
        var before = await SnapshotAsync(host);

        var plan = await DeployAsync(host, "s1", TestScenarios.TwoVms("a"));
        var deployed = await SnapshotAsync(host, plan.HostSideNamespace);
        var replan = NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a")), await host.Applier.ReadStateAsync("nines0", CancellationToken.None)).Value!;
        var second = await host.Applier.ApplyAsync(replan, CancellationToken.None);

        replan.ShouldBe(plan);
        second.Changes.ShouldBeEmpty();
        var redeployed = await SnapshotAsync(host, plan.HostSideNamespace);
        ShouldBeSameSnapshot(redeployed, deployed, "after the second apply");
        deployed.ShouldContain(plan.Taps.First().Name);

        var removed = await host.Applier.RemoveAsync("nines0", "s1", CancellationToken.None);
        var again = await host.Applier.RemoveAsync("nines0", "s1", CancellationToken.None);

        removed.Changed.ShouldBeTrue();
        again.Changes.ShouldBeEmpty();
        var after = await SnapshotAsync(host);
        ShouldBeSameSnapshot(after, before, "after the removal");
        OvsTestHost.NamespaceExists(plan.HostSideNamespace!).ShouldBeFalse("undeploy deletes the deployment's namespace");
    }

    private static async Task<NetworkPlan> DeployAsync(OvsTestHost host, string id, Nines.Domain.Scenarios.Scenario scenario, bool includeHost = true)
    {
        var state = await host.Applier.ReadStateAsync("nines0", CancellationToken.None);
        var result = NetworkPlanner.Plan(TestScenarios.Deploy(id, scenario, includeHost), state);
        result.Errors.ShouldBeEmpty();
        var applied = await host.Applier.ApplyAsync(result.Value!, CancellationToken.None);
        applied.Changed.ShouldBeTrue();
        return result.Value!;
    }

    /// <summary>Fails with the lines that differ (a whole snapshot is too long for the assertion message).</summary>
    private static void ShouldBeSameSnapshot(string actual, string expected, string when)
    {
        if (actual == expected)
        {
            return;
        }

        var actualLines = actual.Split('\n');
        var expectedLines = expected.Split('\n');
        var diff = expectedLines.Except(actualLines).Select(l => "- " + l).Concat(actualLines.Except(expectedLines).Select(l => "+ " + l));
        throw new ShouldAssertException($"the host changed {when}:\n{string.Join('\n', diff)}");
    }

    /// <summary>
    /// Everything a deploy can touch, once it has settled: ovs-vswitchd (netdev datapath) opens a new port's tap and
    /// sets its flags (UP, PROMISC) asynchronously after the port is added, so a snapshot taken at once may still
    /// change without anyone applying anything. Read until two reads 200 ms apart agree.
    /// </summary>
    private static async Task<string> SnapshotAsync(OvsTestHost host, string? hostSide = null)
    {
        var previous = await ReadSnapshotAsync(host, hostSide);
        for (var i = 0; i < 50; i++)
        {
            await Task.Delay(200);
            var current = await ReadSnapshotAsync(host, hostSide);
            if (current == previous)
            {
                return current;
            }

            previous = current;
        }

        return previous;
    }

    /// <summary>
    /// OVS's view, links (without counters), addresses and routes. IPv6 link-local addresses are left out: the kernel
    /// adds one to every interface that comes up and ends its duplicate-address detection (the <c>tentative</c> flag)
    /// a second or two later on its own, which two reads 200 ms apart cannot tell from a settled state; we never
    /// configure them.
    /// </summary>
    private static async Task<string> ReadSnapshotAsync(OvsTestHost host, string? hostSide) =>
        string.Join(
            "\n----\n",
            (await host.Daemon.VsctlAsync(["show"], CancellationToken.None)).StandardOutput,
            (await host.Daemon.VsctlAsync(["--columns=name,tag,external_ids", "list", "Port"], CancellationToken.None)).StandardOutput,
            await host.RunAsync("ip", "-d", "link", "show"),
            await host.RunAsync("ip", "-4", "addr", "show"),
            await host.RunAsync("ip", "-6", "addr", "show", "scope", "global"),
            await host.RunAsync("ip", "route", "show"),
            hostSide is null ? string.Empty : await HostSideSnapshotAsync(host, hostSide));

    private static async Task<string> HostSideSnapshotAsync(OvsTestHost host, string hostSide) =>
        string.Join(
            "\n----\n",
            (await host.InNamespaceAsync(hostSide, "ip", "-d", "link", "show")).StandardOutput,
            (await host.InNamespaceAsync(hostSide, "ip", "-4", "addr", "show")).StandardOutput,
            (await host.InNamespaceAsync(hostSide, "ip", "route", "show")).StandardOutput,
            (await host.InNamespaceAsync(hostSide, "sysctl", "-n", "net.ipv4.ip_forward")).StandardOutput);
}
