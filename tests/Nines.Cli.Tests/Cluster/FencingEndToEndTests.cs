using Nines.Testing;
using Xunit.Abstractions;

namespace Nines.Cli.Tests.Cluster;

/// <summary>
/// Issue 17's "a VM never runs on two hosts", fault by fault, on a 3-host namespace testbed with etcd and agent
/// processes (<see cref="FencingBed"/>): kill -9 of an agent, SIGSTOP of an agent, a cut management link, kill -9 of a
/// host's Open vSwitch. Every host's VM processes are sampled every 50 ms throughout; at no sample may a VM have
/// processes on two hosts, and after recovery each VM runs exactly once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FencingEndToEndTests(ITestOutputHelper output)
{
    /// <summary>Several lease TTLs (3 s) plus the fencing margin: when a controller that believed the host gone would have restarted its VM.</summary>
    private static readonly TimeSpan _window = TimeSpan.FromSeconds(12);

    [RequiresClusterHostFact]
    public async Task KillAgent_HostAndVmsAlive_GuardKeepsTheLeaseAndRestartsTheAgentVmsNeverMove()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        await using var bed = await FencingBed.StartAsync(output, ct);
        try
        {
            var (victimName, launcher) = bed.Where("b");
            var victim = bed.Host(victimName);
            var agent = FencingBed.AgentOf(victim)!;
            var killedAt = bed.Census.Now;

            await bed.SignalAsync("-KILL", agent.Pid, ct);

            await bed.UntilAsync(() => FencingBed.AgentBackAsync(victim, agent.Pid, ct), $"a new agent on {victimName}", ct);
            var backAt = bed.Census.Now;
            await bed.UntilAsync(() => bed.SettledAsync(ct), "every VM running once, where the API says", ct);
            var last = await bed.ObserveThenAssertAsync(_window, ct);

            var (host, pid) = bed.Where("b");
            output.WriteLine($"agent of {victimName} (pid {agent.Pid}) killed; a new agent (pid {FencingBed.AgentOf(victim)!.Pid}) answered after {(backAt - killedAt).TotalSeconds:0.00} s; b {(host == victimName && pid == launcher ? "stayed (same process)" : $"moved to {host} (pid {pid})")}");
            host.ShouldBe(victimName, "the VM stays on its healthy host");
            pid.ShouldBe(launcher, "the same instance kept running (re-attached, not restarted)");
            (await bed.ApiVmsAsync(ct))["b"].Host.ShouldBe(victimName);
            last.HostsOf(bed.VmId("b")).ShouldBe([victimName]);
            (await bed.EventsAsync("HostFailed", victimName)).ShouldBeEmpty("the controller never took the host for failed: its guard held the lease");
        }
        catch
        {
            await bed.DumpAsync();
            throw;
        }
    }

    [RequiresClusterHostFact]
    public async Task StopAgent_AgentHung_GuardReplacesItAndVmsNeverRunTwice()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        await using var bed = await FencingBed.StartAsync(output, ct);
        var victim = bed.Host(bed.Where("b").Host);
        var agent = FencingBed.AgentOf(victim)!;
        try
        {
            var (_, launcher) = bed.Where("b");
            var stoppedAt = bed.Census.Now;

            await bed.SignalAsync("-STOP", agent.Pid, ct);

            await bed.UntilAsync(() => FencingBed.AgentBackAsync(victim, agent.Pid, ct), $"a working agent on {victim.Name} again", ct);
            var backAt = bed.Census.Now;
            await bed.UntilAsync(() => bed.SettledAsync(ct), "every VM running once, where the API says", ct);
            await bed.ObserveThenAssertAsync(_window, ct);

            var (host, pid) = bed.Where("b");
            output.WriteLine($"agent of {victim.Name} (pid {agent.Pid}) stopped; a working agent (pid {FencingBed.AgentOf(victim)!.Pid}) after {(backAt - stoppedAt).TotalSeconds:0.00} s; b {(pid == launcher ? "stayed (same process)" : $"on {host} (pid {pid})")}");
            VmProcessCensus.IsAlive(agent.Pid).ShouldBeFalse("the hung agent was replaced, not left to wake up beside the new one");
            host.ShouldBe(victim.Name, "the VM stays on its healthy host");
            pid.ShouldBe(launcher, "the same instance kept running");
            (await bed.EventsAsync("HostFailed", victim.Name)).ShouldBeEmpty("the controller never took the host for failed: its guard held the lease");
        }
        catch
        {
            await bed.DumpAsync();
            throw;
        }
        finally
        {
            if (VmProcessCensus.IsAlive(agent.Pid))
            {
                await bed.SignalAsync("-CONT", agent.Pid, CancellationToken.None);
            }
        }
    }

    [RequiresClusterHostFact]
    public async Task CutManagementLink_HostPartitioned_VmFencedBeforeItRestartsElsewhereAndNeverRunsTwice()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        await using var bed = await FencingBed.StartAsync(output, ct);
        var victim = bed.Host(bed.Where("b").Host);
        var cut = false;
        try
        {
            var cutAt = bed.Census.Now;
            await bed.Agents.CutAsync(victim, ct);
            cut = true;

            var gone = await bed.Census.FirstAsync(cutAt, s => !s.HostsOf(bed.VmId("b")).Contains(victim.Name), $"b gone from {victim.Name}", TimeSpan.FromSeconds(120), ct);
            var elsewhere = await bed.Census.FirstAsync(cutAt, s => s.HostsOf(bed.VmId("b")).Any(h => h != victim.Name), "b running on another host", TimeSpan.FromSeconds(120), ct);
            output.WriteLine($"cut {victim.Name}: b fenced after {(gone.At - cutAt).TotalSeconds:0.00} s, running elsewhere after {(elsewhere.At - cutAt).TotalSeconds:0.00} s");
            gone.At.ShouldBeLessThan(elsewhere.At, "fenced before restarted elsewhere");

            await bed.Agents.HealAsync(victim, ct);
            cut = false;
            await bed.UntilAsync(() => bed.SettledAsync(ct), "every VM running once after the links came back", ct);
            var last = await bed.ObserveThenAssertAsync(_window, ct);
            last.HostsOf(bed.VmId("b")).ShouldNotContain(victim.Name, "the fenced host brought nothing back");
        }
        catch
        {
            await bed.DumpAsync();
            throw;
        }
        finally
        {
            if (cut)
            {
                await bed.Agents.HealAsync(victim, CancellationToken.None);
            }
        }
    }

    [RequiresClusterHostFact]
    public async Task KillOvs_SwitchDaemonsKilled_AgentRestartsThemVmsStayAndTalkAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        await using var bed = await FencingBed.StartAsync(output, ct);
        try
        {
            var (victimName, launcher) = bed.Where("b");
            var victim = bed.Host(victimName);
            var ovs = Path.Combine(FencingBed.DataOf(victim), "ovs");
            var killed = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var daemon in new[] { "ovs-vswitchd", "ovsdb-server" })
            {
                killed[daemon] = int.Parse(File.ReadAllText(Path.Combine(ovs, daemon + ".pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }

            var killedAt = bed.Census.Now;
            foreach (var pid in killed.Values)
            {
                await bed.SignalAsync("-KILL", pid, ct);
            }

            await bed.UntilAsync(
                () => Task.FromResult(killed.All(d => OvsRunning(ovs, d.Key) is { } pid && pid != d.Value)),
                $"{victimName}'s Open vSwitch daemons running again",
                ct);
            var backAt = bed.Census.Now;
            output.WriteLine($"Open vSwitch of {victimName} killed; both daemons running again after {(backAt - killedAt).TotalSeconds:0.00} s");

            // b (on the victim) reaches a and c across the victim's bridge and trunk once the agent re-applied its networks.
            await bed.UntilAsync(async () => (await bed.Cluster.RunAsync("exec", bed.Deployment, "--vm", "b", "--", "ping", "-c", "1", "-W", "1", "10.9.0.1")).ExitCode == 0
                && (await bed.Cluster.RunAsync("exec", bed.Deployment, "--vm", "b", "--", "ping", "-c", "1", "-W", "1", "10.9.0.3")).ExitCode == 0, "b pings a and c again", ct);
            output.WriteLine($"b talks to a and c again after {(bed.Census.Now - killedAt).TotalSeconds:0.00} s");
            await bed.UntilAsync(() => bed.SettledAsync(ct), "every VM running once, where the API says", ct);
            await bed.ObserveThenAssertAsync(_window, ct);
            bed.Where("b").ShouldBe((victimName, launcher), "b kept its host and its process");
        }
        catch
        {
            await bed.DumpAsync();
            throw;
        }
    }

    private static int? OvsRunning(string runDirectory, string daemon)
    {
        try
        {
            var pid = int.Parse(File.ReadAllText(Path.Combine(runDirectory, daemon + ".pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            return VmProcessCensus.IsAlive(pid) && File.ReadAllText($"/proc/{pid}/comm").Trim() == daemon ? pid : null;
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return null;
        }
    }
}
