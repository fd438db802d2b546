using System.Globalization;
using System.Net;
using Nines.Networking.Namespaces;
using Nines.Samples.BearerGateway;
using Nines.StateTransfer.Format;
using Nines.StateTransfer.Protocol;
using Nines.Testing.Functions;
using Nines.VnfStateMigration;

// Nines.Bench.StateMigration [--bearers 10000] [--pps 10000] [--seconds 6] [--runs 5] [--arm64 PUBLISH_DIR]  (as root)
var bearers = Option(args, "--bearers", 10_000);
var pps = Option(args, "--pps", 10_000);
var seconds = Option(args, "--seconds", 6);
var runs = Option(args, "--runs", 5);
// --arm64: the migration target (h2) runs the linux-arm64 build from this publish directory under qemu-aarch64-static.
var armDirectory = args.SkipWhile(a => a != "--arm64").Skip(1).FirstOrDefault();
var c = CultureInfo.InvariantCulture;
var time = TimeProvider.System;
var target = TimeSpan.FromMilliseconds(50);
var edge = NamespaceHostsTestbed.EdgeAddress;
var root = FindRoot();
var gatewayDll = Path.Combine(root, "samples", "Nines.Samples.BearerGateway", "bin", "Release", "net10.0", "Nines.Samples.BearerGateway.dll");

Console.WriteLine($"Nines.Bench.StateMigration: {bearers:N0} bearers, {pps:N0} packets/s for {seconds} s per run, {runs} migrations ({Environment.ProcessorCount} CPUs, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})" +
    (armDirectory is null ? string.Empty : $"; the target runs the linux-arm64 build from {armDirectory} under qemu-aarch64-static"));
await using var hosts = await NamespaceHostsTestbed.CreateAsync(2, CancellationToken.None);
var run = Directory.CreateTempSubdirectory("nines-bench-vnf-").FullName;
var launcher = new NamespaceProgramLauncher(
    (host, frozen, control) =>
    {
        string[] program = armDirectory is not null && host.Name == "h2"
            ? ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu", Path.Combine(armDirectory, "Nines.Samples.BearerGateway")]
            : ["dotnet", gatewayDll];
        return [.. program, "--control", control, "--server", $"{edge}:6000", .. frozen ? ["--frozen"] : Array.Empty<string>()];
    },
    run)
{ ReadyTimeout = TimeSpan.FromSeconds(120) };
var instances = new List<IFunctionInstance>();
var exit = 0;
try
{
    using var steering = new UdpSteeringForwarder(
        [
            new SteeredPort("ue-side", NetworkNamespaceSockets.BindUdp(hosts.Edge, new IPEndPoint(edge, 2152)), 2152),
            new SteeredPort("server-side", NetworkNamespaceSockets.BindUdp(hosts.Edge, new IPEndPoint(edge, 2153)), 2153),
        ],
        hosts.Hosts[0].DataAddress,
        time);
    steering.Start();
    var orchestrator = new StateMigrationOrchestrator(time);
    var rows = new List<(string Label, TrafficReport Traffic, StateMigrationReport? Migration)>();
    for (var i = 0; i <= runs; i++)
    {
        // Run 0 is the baseline: the same traffic, no migration. Each run starts a fresh gateway on h1 and opens its
        // bearers there, so every migration moves exactly --bearers bearers from h1 to h2.
        foreach (var old in instances)
        {
            await old.DisposeAsync();
        }

        var serving = await launcher.LaunchAsync(hosts.Hosts[0], frozen: false, CancellationToken.None);
        instances.Add(serving);
        await steering.SwitchAsync(serving.Host.DataAddress, CancellationToken.None);
        using var traffic = new TrafficGenerator(
            NetworkNamespaceSockets.BindUdp(hosts.Edge, new IPEndPoint(edge, 5000)),
            NetworkNamespaceSockets.BindUdp(hosts.Edge, new IPEndPoint(edge, 6000)),
            new TrafficOptions(bearers, pps, TimeSpan.FromSeconds(seconds), new IPEndPoint(edge, 2152), new IPEndPoint(edge, 2153)),
            time);
        await traffic.OpenBearersAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        var sending = traffic.RunAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        StateMigrationReport? migration = null;
        if (i > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds / 3.0));
            migration = await orchestrator.MigrateAsync(serving, hosts.Hosts[1], launcher, steering, CancellationToken.None);
            instances.Add(migration.Serving);
            if (!migration.Succeeded)
            {
                Console.WriteLine($"  run {i}: migration FAILED: {migration.Failure}");
                exit = 1;
            }

            serving = migration.Serving;
        }

        var seen = await sending;
        var missing = await MissingBearersAsync(serving, 1, seen);
        rows.Add((i == 0 ? "baseline" : $"{i}", seen, migration));
        Console.WriteLine($"  run {(i == 0 ? "baseline" : i.ToString(c))}: {Describe(seen, migration, missing)}");
        if (migration?.Events.FirstOrDefault(e => e.Step == StateMigrationStep.TargetStarted) is { } started)
        {
            Console.WriteLine($"    target: {started.Detail}");
        }
        if (i > 0 && (seen.Lost != 0 || missing != 0 || seen.BearersMissingTraffic != 0))
        {
            exit = 1;
        }
    }

    var migrated = rows.Where(r => r.Migration is not null).ToList();
    var gaps = migrated.Select(r => r.Traffic.LargestGap.TotalMilliseconds).Order().ToList();
    var baseline = rows[0].Traffic.LargestGap.TotalMilliseconds;
    Console.WriteLine();
    Console.WriteLine($"largest gap, median of {gaps.Count}: {Median(gaps):0.0} ms (max {gaps.Max():0.0} ms); baseline without migration {baseline:0.0} ms; vs target 50 ms: {Median(gaps) / target.TotalMilliseconds:0.00}x ({(gaps.Max() < target.TotalMilliseconds ? "met" : "NOT met")})");
    var holds = migrated.Select(r => r.Migration!.TrafficHeldFor.TotalMilliseconds).Order().ToList();
    Console.WriteLine($"traffic held by the steering point (the migration's own delay): median {Median(holds):0.0} ms, max {holds.DefaultIfEmpty().Max():0.0} ms");
    Console.WriteLine($"packets lost: {migrated.Sum(r => r.Traffic.Lost)} of {migrated.Sum(r => r.Traffic.Sent):N0}; reordered {migrated.Sum(r => r.Traffic.Reordered)}; bearers missing traffic {migrated.Sum(r => r.Traffic.BearersMissingTraffic)}");
    Console.WriteLine("steps (median ms): " + string.Join(", ", Enum.GetValues<StateMigrationStep>().Where(s => s != StateMigrationStep.RolledBack).Select(step =>
        $"{step} {Median([.. migrated.SelectMany(r => r.Migration!.Events).Where(e => e.Step == step).Select(e => e.Duration.TotalMilliseconds).Order()]):0.0}")));
    Console.WriteLine($"state: {migrated.Select(r => r.Migration!.StateBytes).DefaultIfEmpty().Max():N0} bytes for {bearers:N0} bearers; held per switch (median): {Median([.. migrated.Select(r => (double)r.Migration!.PacketsHeld).Order()]):0} packets");
    if (gaps.Max() >= target.TotalMilliseconds)
    {
        exit |= 2;
    }
}
finally
{
    foreach (var instance in instances.Distinct())
    {
        await instance.DisposeAsync();
    }

    Directory.Delete(run, recursive: true);
}

return exit;

static string Describe(TrafficReport t, StateMigrationReport? m, int missing) =>
    string.Create(CultureInfo.InvariantCulture, $"sent {t.Sent:N0}, lost {t.Lost}, reordered {t.Reordered}, largest gap {t.LargestGap.TotalMilliseconds:0.0} ms, max latency {t.MaxLatency.TotalMilliseconds:0.0} ms, bearers missing {missing}") +
    (m is null ? string.Empty : string.Create(CultureInfo.InvariantCulture,
        $"; {m.Serving.Host.Name}: held {m.TrafficHeldFor.TotalMilliseconds:0.0} ms ({m.PacketsHeld} packets), {string.Join(" ", m.Events.Select(e => $"{Short(e.Step)} {e.Duration.TotalMilliseconds:0.0}"))}"));

static string Short(StateMigrationStep step) => step switch
{
    StateMigrationStep.TargetStarted => "start",
    StateMigrationStep.StatePreCopied => "precopy",
    StateMigrationStep.TrafficHeld => "hold",
    StateMigrationStep.SourceFrozen => "freeze",
    StateMigrationStep.StateExported => "delta",
    StateMigrationStep.StateImported => "import",
    StateMigrationStep.TargetResumed => "resume",
    StateMigrationStep.TrafficSwitched => "switch",
    StateMigrationStep.SourceRetired => "retire",
    _ => "rollback",
};

// Bearers of this run absent from the serving gateway, or whose counters differ from what was sent.
static async Task<int> MissingBearersAsync(IFunctionInstance serving, uint firstTeid, TrafficReport seen)
{
    await using var control = await FunctionControl.ConnectAsync(serving, CancellationToken.None);
    await control.FreezeAsync(new FreezeRequest(0), CancellationToken.None);
    var state = StateCodec.Decode(await control.ExportAsync(CancellationToken.None));
    await control.ResumeAsync(CancellationToken.None);
    var byTeid = state.Section("bearers").Records.ToDictionary(r => r.UInt32(1, "TEID"));
    var missing = 0;
    for (var i = 0; i < seen.SentPerBearer.Length; i++)
    {
        if (!byTeid.TryGetValue(firstTeid + (uint)i, out var record)
            || record.UInt64(6, "uplink packets") != (ulong)seen.SentPerBearer[i][0]
            || record.UInt64(8, "downlink packets") != (ulong)seen.SentPerBearer[i][1])
        {
            missing++;
        }
    }

    return missing;
}

static double Median(List<double> sorted) => sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];

static int Option(string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nines.slnx")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Nines.slnx not found");
}
