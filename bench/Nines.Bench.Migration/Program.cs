using System.Globalization;
using Nines.Bench.Migration;
using Nines.Drivers;
using Nines.Drivers.Migration;
using Nines.Drivers.Qemu;
using Nines.Images;

// Live migration of idle and memory-dirtying guests, back and forth between two QEMU drivers (two state directories,
// "hosts" a and b) on loopback, through LiveMigrationRunner with the default policy: the same code the agents run.
var runs = 20;
int[] sizes = [128, 256];
var work = Path.Combine(Path.GetTempPath(), $"nines-bench-migration-{Environment.ProcessId}");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var r) && r > 0:
            runs = r;
            i++;
            break;
        case "--sizes" when i + 1 < args.Length:
            sizes = [.. args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            break;
        case "--work" when i + 1 < args.Length:
            work = args[++i];
            break;
        default:
            Console.Error.WriteLine("usage: Nines.Bench.Migration [--runs 20] [--sizes 128,256] [--work DIR]");
            return 2;
    }
}

var ct = CancellationToken.None;
var image = await new GuestImageBuilder(TimeProvider.System).BuildAsync(new GuestImageOptions(), null, ct);
var probe = new AcceleratorProbeGuest(image.KernelPath, image.InitrdPath, image.KernelCommandLine);
var verdict = await QemuDriverFactory.ProbeAcceleratorAsync(new QemuDriverOptions { StateDirectory = Path.Combine(work, "probe"), ProbeGuest = probe }, ct);
Console.WriteLine($"image {image.KernelVersion}, accelerator {verdict.Accelerator}, {runs} runs per case, policy: downtime schedule {string.Join(", ", MigrationPolicy.Default.DowntimeSchedule.Select(s => $"{s.LimitMilliseconds} ms@{s.After.TotalSeconds:0}s"))}, auto-converge, {MigrationPolicy.Default.MaxBandwidthBytesPerSecond >> 20} MiB/s cap");

// What a busy guest does: rewrite 32 MiB of tmpfs over and over (dd from /dev/zero into /run), detached from the
// guest agent's exec so it outlives the command that started it, and reniced (busybox has no nice): under TCG the one vCPU is otherwise so busy
// that the guest agent misses the post-migration check and the migration (rightly) fails back.
const string Dirtier = "setsid sh -c 'renice -n 19 $$ >/dev/null; i=0; while :; do dd if=/dev/zero of=/run/dirty bs=1M count=32 2>/dev/null; i=$((i+1)); echo $i > /run/dirty.count; done' </dev/null >/dev/null 2>&1 &";
const string DirtierCheck = "a=$(cat /run/dirty.count); sleep 2; b=$(cat /run/dirty.count); [ \"$b\" -gt \"$a\" ] && echo \"yes ($a -> $b passes in 2 s\" || echo \"no ($a -> $b\"; echo \", uptime $(cut -d' ' -f1 /proc/uptime) s, /run $(df -k /run | tail -n 1))\"";
var rows = new List<string>();
var worstMet = true;
try
{
    await using var a = await QemuDriverFactory.CreateAsync(Options("a"), ct);
    await using var b = await QemuDriverFactory.CreateAsync(Options("b"), ct);
    foreach (var size in sizes)
    {
        foreach (var dirtying in new[] { false, true })
        {
            var id = $"bm{size}{(dirtying ? "d" : "i")}";
            var definition = new VmDefinition(id, id, size, 1, new BootSource(image.KernelPath, image.InitrdPath, image.KernelCommandLine), [new NicDefinition(1, "fe:fd:00:00:09:01", "net0")]);
            await a.DefineAsync(definition, ct);
            await b.DefineAsync(definition, ct);
            try
            {
                await a.StartAsync(id, ct);
                await WaitReadyAsync(a, id);
                if (dirtying)
                {
                    await a.ExecAsync(id, GuestCommand.Shell(Dirtier), ct);
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    var started = await a.ExecAsync(id, GuestCommand.Shell(DirtierCheck) with { Timeout = TimeSpan.FromSeconds(60) }, ct);
                    Console.WriteLine($"  {id}: dirtier running before the first run: {started.StandardOutput.Trim()} {started.StandardError.Trim()}");
                }

                var totals = new List<double>();
                var downtimes = new List<double>();
                var throttled = 0;
                var failedBack = 0;
                long maxDirty = 0;
                IVmDriver from = a, to = b;
                for (var run = 0; run < runs; run++)
                {
                    var maxThrottle = 0;
                    MigrationResult result;
                    try
                    {
                        result = await LiveMigrationRunner.RunAsync(
                        new DriverMigrationHost(from == a ? "a" : "b", from), new DriverMigrationHost(to == a ? "a" : "b", to), id,
                        new MigrationEndpoint("127.0.0.1", 0), MigrationPolicy.Default,
                        new Inline(p =>
                        {
                            maxThrottle = Math.Max(maxThrottle, p.ThrottlePercent);
                            maxDirty = Math.Max(maxDirty, p.DirtyBytesPerSecond);
                        }), ct);
                    }
                    catch (MigrationFailedBackException e)
                    {
                        // The guest did not survive on the destination (checked for 2 s after arrival); it runs on the source again.
                        failedBack++;
                        Console.WriteLine($"  {id} run {run + 1}: {e.Message}");
                        continue;
                    }

                    if (dirtying && (run == 0 || Environment.GetEnvironmentVariable("NINES_BENCH_CHECK_EACH") is not null))
                    {
                        try
                        {
                            var check = await to.ExecAsync(id, GuestCommand.Shell(DirtierCheck) with { Timeout = TimeSpan.FromSeconds(60) }, ct);
                            Console.WriteLine($"  {id}: dirtier running after run {run + 1}: {check.StandardOutput.Trim()}");
                        }
                        catch (Nines.Drivers.Errors.VmDriverException e)
                        {
                            Console.WriteLine($"  {id}: the guest did not answer the check after run {run + 1}: {e.Message}");
                        }
                    }

                    totals.Add(result.TotalTime.TotalMilliseconds);
                    downtimes.Add(result.DowntimeMilliseconds);
                    throttled += maxThrottle > 0 ? 1 : 0;
                    (from, to) = (to, from);
                }

                var total = Percentiles.Of(totals);
                var down = Percentiles.Of(downtimes);
                var target = dirtying ? 60 : 30;
                var met = down.P99 < target;
                worstMet &= met;
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{size,4} MiB {(dirtying ? "dirtying" : "idle"),-9} {total.Median,8:0} {total.P99,8:0} {total.Worst,8:0}   {down.Median,7:0.0} {down.P99,7:0.0} {down.Worst,7:0.0}   {300 / Math.Max(down.P99, 0.1),6:0.0}x   <{target} ms: {(met ? "met" : "NOT met")}  failed back {failedBack}/{runs}, throttled {throttled}/{runs}, max dirty rate {maxDirty / 1048576.0:0.#} MiB/s"));
                Console.WriteLine(rows[^1]);
                if (dirtying)
                {
                    // The dirtier moved with the guest and still runs: the workload was there for every run (a busy TCG guest answers slowly).
                    try
                    {
                        var still = await from.ExecAsync(id, GuestCommand.Shell(DirtierCheck) with { Timeout = TimeSpan.FromSeconds(60) }, ct);
                        Console.WriteLine($"  {id}: dirtier still running after the last run: {still.StandardOutput.Trim()}");
                    }
                    catch (Nines.Drivers.Errors.VmDriverException e)
                    {
                        Console.WriteLine($"  {id}: the guest did not answer the check after the last run: {e.Message}");
                    }
                }

                await from.DestroyAsync(id, ct);
            }
            finally
            {
                await a.DestroyAsync(id, ct);
                await b.DestroyAsync(id, ct);
                await a.RemoveAsync(id, ct);
                await b.RemoveAsync(id, ct);
            }
        }
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

Console.WriteLine();
Console.WriteLine("guest    workload     total ms (median   p99    worst)   downtime ms (median  p99   worst)   300 ms / p99   target");
foreach (var row in rows)
{
    Console.WriteLine(row);
}

return worstMet ? 0 : 1;

QemuDriverOptions Options(string host) => new() { StateDirectory = Path.Combine(work, host), Accelerator = verdict.Accelerator, ProbeGuest = probe };

static async Task WaitReadyAsync(IVmDriver driver, string id)
{
    for (var i = 0; i < 1200 && !(await driver.InspectAsync(id, CancellationToken.None)).GuestReady; i++)
    {
        await Task.Delay(100);
    }
}

/// <summary>Progress handled on the reporting thread.</summary>
internal sealed class Inline(Action<MigrationProgress> report) : IProgress<MigrationProgress>
{
    public void Report(MigrationProgress value) => report(value);
}
