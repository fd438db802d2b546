using Nines.Networking.Planning;
using Nines.Networking.Tests.Support;
using Nines.Networking.Trunks;
using Xunit.Abstractions;
using static Nines.Networking.Tests.Support.CrossHostScenarios;

namespace Nines.Networking.Tests.Trunks;

/// <summary>
/// Three namespace hosts, each with its own Open vSwitch on the userspace datapath, joined by an 802.1q trunk
/// (veths on a shared Linux bridge) or by VXLAN over their management network. Veth endpoints stand in for VMs.
/// </summary>
public sealed class CrossHostNetworkTests(ITestOutputHelper output)
{
    [RequiresOvsFact]
    public async Task ApplyAsync_Trunk8021q_SameVlanPingsAcrossHostsOthersIsolatedAndTrunksFollowDeployments()
    {
        await using var cluster = await TestbedCluster.StartAsync(3, (_, host) => host.TrunkUplink);

        await PingsAndTrunksAsync(cluster);
    }

    [RequiresOvsFact]
    public async Task ApplyAsync_Vxlan_SameVlanPingsAcrossHostsOthersIsolatedAndTunnelRemovedWithLastVlan()
    {
        await using var cluster = await TestbedCluster.StartAsync(3, (testbed, host) => testbed.VxlanUplinkFor(host));

        await PingsAndTrunksAsync(cluster);

        for (var h = 0; h < 3; h++)
        {
            (await cluster.OnHostAsync(h, "ip", "link", "show", "dev", VxlanUplink.DefaultDevice)).Succeeded.ShouldBeFalse();
        }
    }

    [RequiresOvsFact]
    public async Task ConvergeUplinkAsync_VxlanRemoteDropped_FloodEntryRemovedAndSecondRunChangesNothing()
    {
        await using var cluster = await TestbedCluster.StartAsync(3, (testbed, host) => testbed.VxlanUplinkFor(host));
        await cluster.DeployAsync("s1", First, new Dictionary<string, int> { ["a1"] = 0 }, FirstVlans);
        var h1 = cluster.Testbed.Hosts[0];
        var h2 = cluster.Testbed.Hosts[1];
        (await FloodRemotesAsync(cluster)).ShouldBe([h2.ManagementAddress, cluster.Testbed.Hosts[2].ManagementAddress]);
        var shrunk = new VxlanUplink(h1.ManagementAddress, [h2.ManagementAddress]);
        var applier = new Nines.Networking.Applying.OvsNetworkApplier(cluster.Daemons[0], h1.Runner(new Nines.Networking.Commands.ProcessCommandRunner()), shrunk);

        var first = await applier.ConvergeUplinkAsync("nines0", CancellationToken.None);
        var second = await applier.ConvergeUplinkAsync("nines0", CancellationToken.None);

        first.Changes.ShouldHaveSingleItem().ShouldContain("fdb del");
        second.Changes.ShouldBeEmpty();
        (await FloodRemotesAsync(cluster)).ShouldBe([h2.ManagementAddress]);
    }

    [RequiresOvsFact]
    public async Task ApplyAsync_Twice_SecondRunLeavesTheUplinkUntouched()
    {
        await using var cluster = await TestbedCluster.StartAsync(1, (_, host) => host.TrunkUplink);
        var deployment = new NetworkDeployment("s1", First, ["a1", "c1"], false, FirstVlans, VethVms: ["a1", "c1"]);
        var applier = cluster.Appliers[0];
        var plan = NetworkPlanner.Plan(deployment, await applier.ReadStateAsync("nines0", CancellationToken.None)).Value!;
        var first = await applier.ApplyAsync(plan, CancellationToken.None);

        var second = await applier.ApplyAsync(plan, CancellationToken.None);

        first.Changes.ShouldContain(c => c.Contains("trunks=100,101", StringComparison.Ordinal));
        second.Changes.ShouldBeEmpty();
        (await cluster.Daemons[0].VsctlAsync(["get", "port", "trunk0", "vlan_mode"], CancellationToken.None)).StandardOutput.Trim().ShouldBe("trunk");
    }

    [RequiresOvsFact]
    public async Task ApplyAsync_TrunkInterfaceMissing_FailsNamingIt()
    {
        await using var cluster = await TestbedCluster.StartAsync(1, (_, _) => new TrunkUplink("nosuch0"));

        var error = await Should.ThrowAsync<Nines.Networking.Commands.NetworkCommandException>(
            () => cluster.DeployAsync("s1", First, new Dictionary<string, int> { ["a1"] = 0 }, FirstVlans));

        error.Message.ShouldContain("nosuch0");
        error.Message.ShouldContain("uplink.interface");
    }

    [RequiresOvsFact]
    public async Task ApplyAsync_UplinkChangedFromTrunkToNone_OldTrunkPortRemovedAtNextConverge()
    {
        await using var cluster = await TestbedCluster.StartAsync(1, (_, host) => host.TrunkUplink);
        await cluster.DeployAsync("s1", First, new Dictionary<string, int> { ["a1"] = 0 }, FirstVlans);
        (await cluster.TrunksAsync(0)).ShouldBe([100]);

        var plain = new Nines.Networking.Applying.OvsNetworkApplier(cluster.Daemons[0], cluster.Testbed.Hosts[0].Runner(new Networking.Commands.ProcessCommandRunner()));
        var result = await plain.ConvergeUplinkAsync("nines0", CancellationToken.None);

        result.Changed.ShouldBeTrue();
        (await cluster.TrunksAsync(0)).ShouldBeNull();
        (await cluster.OnHostAsync(0, "ip", "link", "show", "dev", cluster.Testbed.Hosts[0].TrunkInterface)).Succeeded.ShouldBeTrue();
    }

    private async Task PingsAndTrunksAsync(TestbedCluster cluster)
    {
        await cluster.DeployAsync("first", First, FirstPlacement, FirstVlans);

        (await cluster.TrunksAsync(0)).ShouldBe([100, 101]);
        (await cluster.TrunksAsync(1)).ShouldBe([100, 101]);
        (await cluster.TrunksAsync(2)).ShouldBe([100]);
        (await cluster.PingAsync("first", "a1", "10.0.0.2")).ShouldBeTrue();
        (await cluster.PingAsync("first", "a1", "10.0.0.3")).ShouldBeTrue();
        (await cluster.PingAsync("first", "a3", "10.0.0.2")).ShouldBeTrue();
        (await cluster.PingAsync("first", "c1", "10.0.0.102")).ShouldBeTrue();

        // Same subnet, other VLAN: only a leak between VLANs could answer.
        (await cluster.PingAsync("first", "a1", "10.0.0.102")).ShouldBeFalse();
        (await cluster.PingAsync("first", "c2", "10.0.0.3")).ShouldBeFalse();

        await cluster.DeployAsync("second", Second, SecondPlacement, SecondVlans);

        (await cluster.TrunksAsync(0)).ShouldBe([100, 101, 102]);
        (await cluster.TrunksAsync(2)).ShouldBe([100]);
        (await cluster.PingAsync("second", "b1", "10.0.0.12")).ShouldBeTrue();
        (await cluster.PingAsync("first", "a1", "10.0.0.12")).ShouldBeFalse();
        (await cluster.PingAsync("second", "b2", "10.0.0.1")).ShouldBeFalse();
        await ReportRttAsync(cluster);

        await cluster.RemoveAsync("second");

        (await cluster.TrunksAsync(0)).ShouldBe([100, 101]);
        (await cluster.TrunksAsync(1)).ShouldBe([100, 101]);
        (await cluster.PingAsync("first", "a1", "10.0.0.2")).ShouldBeTrue();

        await cluster.RemoveAsync("first");

        for (var h = 0; h < 3; h++)
        {
            (await cluster.TrunksAsync(h)).ShouldBeNull();
            var ports = (await cluster.Daemons[h].VsctlAsync(["list-ports", "nines0"], CancellationToken.None)).ThrowIfFailed().StandardOutput;
            ports.Trim().ShouldBeEmpty();
        }
    }

    /// <summary>Figures, not assertions: RTT across the uplink (a1 on h1 → a2 on h2) and within one host (a1 → a4, both on h1).</summary>
    private async Task ReportRttAsync(TestbedCluster cluster)
    {
        foreach (var (label, address) in new[] { ("across hosts a1@h1 -> a2@h2", "10.0.0.2"), ("within h1    a1@h1 -> a4@h1", "10.0.0.4") })
        {
            await cluster.PingRawAsync("first", "a1", address, 3, "0.01");
            var ping = await cluster.PingRawAsync("first", "a1", address, 200, "0.005");
            output.WriteLine($"{cluster.Appliers[0].Uplink?.GetType().Name} {label}: {Summary(ping.StandardOutput)}");
        }
    }

    private static async Task<string[]> FloodRemotesAsync(TestbedCluster cluster)
    {
        var fdb = (await cluster.OnHostAsync(0, "bridge", "fdb", "show", "dev", VxlanUplink.DefaultDevice)).ThrowIfFailed().StandardOutput;
        return [.. fdb.Split('\n').Where(l => l.StartsWith("00:00:00:00:00:00", StringComparison.Ordinal)).Select(l => l.Split(" dst ")[1].Split(' ')[0]).Order(StringComparer.Ordinal)];
    }

    private static string Summary(string ping) =>
        ping.Split('\n').LastOrDefault(l => l.StartsWith("rtt", StringComparison.Ordinal)) ?? ping;
}
