using System.Diagnostics;
using System.Text.RegularExpressions;
using Nines.Cli.Commands;
using Nines.Networking.Commands;
using Nines.Networking.Testbed;
using Xunit.Abstractions;

namespace Nines.Cli.Tests.Cluster;

/// <summary>
/// Issue 8's "done when", live migration: two namespace hosts of a testbed, a real <c>nines agent</c> with the QEMU
/// driver on each (VXLAN uplink over the management network, migrations over it too), the controller on a real etcd.
/// Guest <c>a</c> moves from h1 to h2 with <c>nines vm migrate</c> while <c>b</c> pings it; the lost replies are
/// counted and reported, and afterwards <c>a</c> runs on h2 only, answers its guest agent and is still the same boot.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterMigrationEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan _deadline = TimeSpan.FromMinutes(6);

    private const string PairYaml = """
        nines: 1
        name: mig
        defaults:
          memory: 128M
        networks:
          - name: x
        vms:
          - name: a
            interfaces:
              - {id: 1, network: x, ipv4: [10.9.1.1/24]}
          - name: b
            interfaces:
              - {id: 1, network: x, ipv4: [10.9.1.2/24]}
        """;

    [RequiresClusterHostFact]
    public async Task Migrate_VmBetweenTwoHostsWhilePinged_RunsOnlyOnTheTargetAndKeepsAnswering()
    {
        using var timeout = new CancellationTokenSource(_deadline);
        var ct = timeout.Token;
        var machine = new ProcessCommandRunner();
        await using var cluster = await CliCluster.StartAsync();
        var testbed = await NamespaceTestbed.UpAsync(2, new NamespaceTestbedOptions(Path.Combine(cluster.Root, "tb")), ct);
        try
        {
            await cluster.StartControllerAsync("qemu");
            foreach (var host in testbed.Hosts)
            {
                var other = testbed.Hosts.Single(h => h != host);
                await cluster.StartAgentAsync(host.Name, Path.GetDirectoryName(host.RunDirectory)!, "qemu", "--netns", host.Namespace,
                    "--uplink", $"vxlan:{host.ManagementAddress}:{other.ManagementAddress}", "--migration-address", host.ManagementAddress, "--max-boots", "1");
            }

            var deploy = await cluster.RunAsync("deploy", CliRunner.TempFile("mig.yaml", PairYaml), "--algorithm", "RoundRobin");
            deploy.ExitCode.ShouldBe(0, deploy.Out + deploy.Error);
            Placements(await cluster.JsonAsync("vm", "list", "mig")).ShouldBe(new Dictionary<string, string> { ["a"] = "h1", ["b"] = "h2" }, ignoreOrder: true);
            var before = Uptime(await cluster.RunAsync("exec", "mig", "--vm", "a", "--", "cut", "-d", " ", "-f1", "/proc/uptime"));

            // b pings a every 100 ms for 12 s while a moves; ping's own count of replies is the measure.
            var ping = cluster.RunAsync("exec", "mig", "--vm", "b", "--", "ping", "-c", "120", "-i", "0.1", "-W", "1", "10.9.1.1");
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            var clock = Stopwatch.StartNew();
            var migrate = await cluster.RunAsync("vm", "migrate", "mig", "a", "--to", "h2");
            output.WriteLine($"nines vm migrate ({clock.Elapsed.TotalSeconds:0.0} s):\n{migrate.Out}{migrate.Error}");
            migrate.ExitCode.ShouldBe(0, migrate.Out + migrate.Error);
            migrate.Out.ShouldContain("a h1 → h2: migrated in");
            var pinged = await ping;
            var (sent, received) = PingCounts(pinged.Out);
            output.WriteLine($"ping b -> a across the migration: {sent} sent, {received} received, {sent - received} lost\n{string.Join('\n', pinged.Out.Split('\n').TakeLast(4))}");
            sent.ShouldBe(120);
            received.ShouldBeGreaterThan(0);
            LastReplySequence(pinged.Out).ShouldBeGreaterThan(110, "a kept answering after the move");

            Placements(await cluster.JsonAsync("vm", "list", "mig"))["a"].ShouldBe("h2");
            await WaitForQemuAsync(testbed.Hosts[0], machine, 0, ct);
            (await QemuOf(testbed.Hosts[1], machine, "mig.a", ct)).ShouldBe(1, "a runs on h2");
            (await QemuOf(testbed.Hosts[0], machine, "mig.a", ct)).ShouldBe(0, "and no longer on h1");
            var after = Uptime(await cluster.RunAsync("exec", "mig", "--vm", "a", "--", "cut", "-d", " ", "-f1", "/proc/uptime"));
            after.ShouldBeGreaterThan(before, "the guest agent answers on h2 and it is the same boot, not a restart");

            (await cluster.RunAsync("undeploy", "mig")).ExitCode.ShouldBe(0);
        }
        finally
        {
            await cluster.StopCommandsAsync();
            await TestbedCommand.TearDownAsync(testbed, CancellationToken.None);
        }
    }

    private static Dictionary<string, string> Placements(System.Text.Json.JsonElement vms) =>
        vms.EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("host").GetString()!);

    private static double Uptime(CliResult result)
    {
        result.ExitCode.ShouldBe(0, result.Out + result.Error);
        return double.Parse(result.Out.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static (int Sent, int Received) PingCounts(string output)
    {
        var match = PingSummary().Match(output);
        match.Success.ShouldBeTrue($"no ping summary in: {output}");
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int LastReplySequence(string output) =>
        ReplySequence().Matches(output).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max();

    /// <summary>Live QEMU processes of the VM in the host's namespace.</summary>
    private static async Task<int> QemuOf(TestbedHost host, ICommandRunner machine, string vm, CancellationToken ct)
    {
        var pids = await machine.RunAsync("ip", ["netns", "pids", host.Namespace], null, ct);
        return pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Count(pid => File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains($".{vm},process=", StringComparison.Ordinal));
    }

    private static async Task WaitForQemuAsync(TestbedHost host, ICommandRunner machine, int count, CancellationToken ct)
    {
        for (var i = 0; i < 100 && await QemuOf(host, machine, "mig.a", ct) != count; i++)
        {
            await Task.Delay(100, ct);
        }
    }

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) (?:packets )?received")]
    private static partial Regex PingSummary();

    [GeneratedRegex(@"seq=(\d+)")]
    private static partial Regex ReplySequence();
}
