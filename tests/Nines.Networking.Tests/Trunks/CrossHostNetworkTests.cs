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

        var plain = new Nines.Networking.Applying.OvsNetworkApplier(cluster.Daemons[0], cluster.Testbed.Hosts[0].Runner(new Commands.ProcessCommandRunner()));
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
            output.WriteLine($"{label}: {Summary(ping.StandardOutput)}");
        }
    }

    private static string Summary(string ping) =>
        ping.Split('\n').LastOrDefault(l => l.StartsWith("rtt", StringComparison.Ordinal)) ?? ping;
}
