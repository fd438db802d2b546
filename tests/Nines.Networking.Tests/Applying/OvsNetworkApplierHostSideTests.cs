using Nines.Domain.Scenarios;
using Nines.Networking.Applying;
using Nines.Networking.Planning;
using Nines.Networking.Tests.Support;

namespace Nines.Networking.Tests.Applying;

/// <summary>
/// Issue 18's network guard on real Open vSwitch: each deployment's host side in a namespace of its own (named by its
/// ports' labels, deleted with them), routes added and never replaced. Everything inside throw-away namespaces.
/// </summary>
public sealed class OvsNetworkApplierHostSideTests
{
    [RequiresOvsFact]
    public async Task ApplyAsync_HostInterface_AddressesRoutesAndForwardingOnlyInTheDeploymentsNamespace()
    {
        await using var host = await OvsTestHost.StartAsync();

        var plan = await DeployAsync(host, "s1", TestScenarios.TwoVms("a"));

        var ns = plan.HostSideNamespace.ShouldNotBeNull();
        ns.ShouldBe(HostSideNamespace.Name("s1", host.Namespace));
        OvsTestHost.NamespaceExists(ns).ShouldBeTrue();
        var port = plan.HostInterfaces.ShouldHaveSingleItem();
        (await host.InNamespaceAsync(ns, "ip", "-4", "addr", "show", "dev", port.Name)).StandardOutput.ShouldContain("10.0.1.100/24");
        (await host.InNamespaceAsync(ns, "ip", "-4", "route", "show", "10.0.0.0/24")).StandardOutput.ShouldContain($"via 10.0.1.2 dev {port.Name}");
        (await host.InNamespaceAsync(ns, "sysctl", "-n", "net.ipv4.ip_forward")).StandardOutput.Trim().ShouldBe("1");

        // The userspace datapath drops TCP with offloaded (partial) checksums: the host side's end computes its own
        // (the OS-level failover test's client connected nowhere while ping worked).
        (await host.InNamespaceAsync(ns, "ethtool", "-k", port.Name)).StandardOutput.ShouldContain("tx-checksumming: off");

        // Nothing of the scenario in the switch's namespace: its end of the veth has no address, no route, no forwarding.
        (await host.RunAsync("ip", "-4", "addr", "show")).ShouldNotContain("10.0.1.100");
        (await host.RunAsync("ip", "-4", "route", "show")).ShouldNotContain("10.0.");
        (await host.RunAsync("sysctl", "-n", "net.ipv4.ip_forward")).Trim().ShouldBe("0");
        (await host.RunAsync("ip", "-d", "link", "show", "dev", port.Name)).ShouldContain("veth");
        (await host.Daemon.VsctlAsync(["get", "interface", port.Name, "type"], CancellationToken.None)).StandardOutput.Trim().Trim('"').ShouldBeEmpty();
        (await host.Daemon.VsctlAsync(["get", "port", port.Name, "external_ids:nines-netns"], CancellationToken.None)).StandardOutput.Trim().Trim('"').ShouldBe(ns);
    }

    [RequiresOvsFact]
    public async Task ApplyAsync_TwoDeploymentsSameHostSubnet_BothWorkAndNeverReachEachOther()
    {
        await using var host = await OvsTestHost.StartAsync();
        var a = await DeployAsync(host, "tenant-a.lab", TestScenarios.TwoVms("lab"));
        var b = await DeployAsync(host, "tenant-b.lab", TestScenarios.TwoVms("lab"));

        // Each one's vm2 on Net1 (where both host sides are 10.0.1.100/24): a's answers at .2, b's at .3.
        await host.AddEndpointAsync(a.Bridge, (a.FindSegment("Net1")!.Tag, "10.0.1.2/24"));
        await host.AddEndpointAsync(b.Bridge, (b.FindSegment("Net1")!.Tag, "10.0.1.3/24"));
        var aSide = a.HostSideNamespace.ShouldNotBeNull();
        var bSide = b.HostSideNamespace.ShouldNotBeNull();

        aSide.ShouldNotBe(bSide);
        (await host.PingAsync(aSide, "10.0.1.2")).ShouldBeTrue("a's host side reaches a's VM");
        (await host.PingAsync(bSide, "10.0.1.3")).ShouldBeTrue("b's host side reaches b's VM");
        (await host.PingAsync(aSide, "10.0.1.3")).ShouldBeFalse("a never reaches b's VM");
        (await host.PingAsync(bSide, "10.0.1.2")).ShouldBeFalse("b never reaches a's VM");
        (await host.InNamespaceAsync(aSide, "ip", "-4", "addr", "show")).StandardOutput.ShouldNotContain(b.HostInterfaces.Single().Name);
    }

    [RequiresOvsFact]
    public async Task ApplyAsync_RouteThatExistsInTheSharedNamespace_RefusedAndLeftAsItIs()
    {
        await using var host = await OvsTestHost.StartAsync();
        // No dummy module here: a veth pair is an interface the route can name.
        await host.RunAsync("ip", "link", "add", "keep0", "type", "veth", "peer", "name", "keep1");
        await host.RunAsync("ip", "link", "set", "keep0", "up");
        await host.RunAsync("ip", "link", "set", "keep1", "up");
        await host.RunAsync("ip", "route", "add", "10.0.0.0/24", "dev", "keep0");
        var shared = new NetworkPlannerOptions { HostSide = HostSideMode.Shared };
        var plan = NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a")), await host.Applier.ReadStateAsync("nines0", CancellationToken.None), shared).Value!;

        var refused = await Should.ThrowAsync<HostRouteConflictException>(() => host.Applier.ApplyAsync(plan, CancellationToken.None));

        refused.Message.ShouldContain("host/route[10.0.0.0/24]");
        refused.Message.ShouldContain("10.0.0.0/24 dev keep0");
        refused.Message.ShouldContain("rule hostRouteExists");
        (await host.RunAsync("ip", "-4", "route", "show", "10.0.0.0/24")).Trim().ShouldBe("10.0.0.0/24 dev keep0 scope link");

        // Undeploy removes what the deployment made and leaves the route it did not.
        await host.Applier.RemoveAsync("nines0", "s1", CancellationToken.None);
        (await host.RunAsync("ip", "-4", "route", "show", "10.0.0.0/24")).Trim().ShouldBe("10.0.0.0/24 dev keep0 scope link");
    }

    [RequiresOvsFact]
    public async Task ApplyAsync_RouteOverItsOwnConnectedSubnet_RefusedNotReplaced()
    {
        await using var host = await OvsTestHost.StartAsync();
        var scenario = TestScenarios.TwoVms("a") with
        {
            Host = new HostSection(
                Interfaces: [new HostInterfaceSpec("Net1", Ipv4: [new IpAddressSpec("10.0.1.100", 24)])],
                Routes: [new RouteSpec(IpFamily.Ipv4, "10.0.1.0/24", "10.0.1.2")]),
        };
        var plan = NetworkPlanner.Plan(TestScenarios.Deploy("s1", scenario), await host.Applier.ReadStateAsync("nines0", CancellationToken.None)).Value!;

        var refused = await Should.ThrowAsync<HostRouteConflictException>(() => host.Applier.ApplyAsync(plan, CancellationToken.None));

        refused.Message.ShouldContain("host/route[10.0.1.0/24]");
        (await host.InNamespaceAsync(plan.HostSideNamespace!, "ip", "-4", "route", "show", "10.0.1.0/24")).StandardOutput.ShouldContain("proto kernel");
        (await host.InNamespaceAsync(plan.HostSideNamespace!, "ip", "-4", "route", "show", "10.0.1.0/24")).StandardOutput.ShouldNotContain("via");
    }

    [RequiresOvsFact]
    public async Task RemoveAsync_OneOfTwoDeployments_DeletesOnlyItsNamespaceAndVeth()
    {
        await using var host = await OvsTestHost.StartAsync();
        var a = await DeployAsync(host, "a", TestScenarios.TwoVms("a"));
        var b = await DeployAsync(host, "b", TestScenarios.TwoVms("b"));

        var removed = await host.Applier.RemoveAsync("nines0", "a", CancellationToken.None);

        removed.Changes.ShouldContain(c => c.Contains($"netns del {a.HostSideNamespace}", StringComparison.Ordinal));
        OvsTestHost.NamespaceExists(a.HostSideNamespace!).ShouldBeFalse();
        (await host.RunAsync("ip", "-br", "link", "show")).ShouldNotContain(a.HostInterfaces.Single().Name);
        OvsTestHost.NamespaceExists(b.HostSideNamespace!).ShouldBeTrue();
        (await host.InNamespaceAsync(b.HostSideNamespace!, "ip", "-4", "addr", "show")).StandardOutput.ShouldContain("10.0.1.100/24");
    }

    [RequiresOvsFact]
    public async Task ApplyAsync_FromSharedToOwnNamespace_MovesTheHostSideAndLeavesNothingBehind()
    {
        await using var host = await OvsTestHost.StartAsync();
        var shared = NetworkPlanner.Plan(
            TestScenarios.Deploy("s1", TestScenarios.TwoVms("a")),
            await host.Applier.ReadStateAsync("nines0", CancellationToken.None),
            new NetworkPlannerOptions { HostSide = HostSideMode.Shared }).Value!;
        await host.Applier.ApplyAsync(shared, CancellationToken.None);
        (await host.RunAsync("ip", "-4", "route", "show", "10.0.0.0/24")).ShouldContain("via 10.0.1.2");

        var own = await DeployAsync(host, "s1", TestScenarios.TwoVms("a"));

        (await host.RunAsync("ip", "-4", "route", "show", "10.0.0.0/24")).Trim().ShouldBeEmpty();
        (await host.RunAsync("ip", "-4", "addr", "show")).ShouldNotContain("10.0.1.100");
        (await host.InNamespaceAsync(own.HostSideNamespace!, "ip", "-4", "route", "show", "10.0.0.0/24")).StandardOutput.ShouldContain("via 10.0.1.2");
    }

    // An OS-level instance restarted by the availability manager gets a new veth of the same name; the userspace
    // datapath kept reading the deleted one, so the instance was unreachable (the failover end-to-end test's switchover
    // back to the restarted unit never got an answer) until the port was removed and added again.
    [RequiresOvsFact]
    public async Task ReattachPortAsync_VethMadeAgainUnderTheSameName_ReachableAgainWithItsTagAndLabels()
    {
        await using var host = await OvsTestHost.StartAsync();
        var plan = await DeployAsync(host, "s1", TestScenarios.TwoVms("a"));
        var side = plan.HostSideNamespace.ShouldNotBeNull();
        var tag = plan.FindSegment("Net1")!.Tag;
        var child = await host.AddEndpointAsync(plan.Bridge, (tag, "10.0.1.2/24"));
        const string Port = "ve1x0";
        (await host.Daemon.VsctlAsync(["set", "port", Port, "external_ids:nines-kind=veth", "--", "set", "interface", Port, "external_ids:nines-kind=veth"], CancellationToken.None)).ThrowIfFailed();
        (await host.PingAsync(side, "10.0.1.2")).ShouldBeTrue("reachable before the restart");

        // Made again as the container driver does it: same name, same MAC on the inner end (the scenario's).
        var mac = (await host.InNamespaceAsync(child, "cat", "/sys/class/net/eth0/address")).ThrowIfFailed().StandardOutput.Trim();
        await host.RunAsync("ip", "link", "del", Port);
        await host.RunAsync("ip", "link", "add", Port, "type", "veth", "peer", "name", "eth0", "address", mac, "netns", child);
        await host.RunAsync("ip", "link", "set", Port, "up");
        await host.InChild(child, "ip", "addr", "add", "10.0.1.2/24", "dev", "eth0");
        await host.InChild(child, "ip", "link", "set", "eth0", "up");
        (await host.PingAsync(side, "10.0.1.2")).ShouldBeFalse("the switch still reads the deleted device (why the reattach exists)");

        await host.Applier.ReattachPortAsync(plan.Bridge, Port, CancellationToken.None);

        var reachable = false;
        for (var attempt = 0; attempt < 20 && !reachable; attempt++)
        {
            reachable = await host.PingAsync(side, "10.0.1.2");
        }

        reachable.ShouldBeTrue("reachable after the reattach");
        (await host.Daemon.VsctlAsync(["get", "port", Port, "tag"], CancellationToken.None)).StandardOutput.Trim().ShouldBe(tag.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await host.Daemon.VsctlAsync(["get", "interface", Port, "external_ids:nines-kind"], CancellationToken.None)).StandardOutput.Trim().Trim('"').ShouldBe("veth");
        await host.Applier.ReattachPortAsync(plan.Bridge, "nosuchport", CancellationToken.None);
    }

    private static async Task<NetworkPlan> DeployAsync(OvsTestHost host, string id, Scenario scenario)
    {
        var state = await host.Applier.ReadStateAsync("nines0", CancellationToken.None);
        var result = NetworkPlanner.Plan(TestScenarios.Deploy(id, scenario), state);
        result.Errors.ShouldBeEmpty();
        await host.Applier.ApplyAsync(result.Value!, CancellationToken.None);
        return result.Value!;
    }
}
