using System.Diagnostics;
using System.Globalization;
using Nines.Bench.Instances;
using Nines.Drivers.Container;

// Starts N instances of busybox httpd through the container driver to ready and prints the time to all-ready and the
// memory per instance, beside the QEMU figures. See bench/README.md.
if (InstanceBenchSettings.Parse(args, Console.Error) is not { } settings)
{
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;

var options = new ContainerDriverOptions { StateDirectory = settings.WorkDirectory, CgroupParent = $"nines-bench-{Environment.ProcessId}" };
await using var driver = await ContainerDriverFactory.CreateAsync(options, ct);
var clock = Stopwatch.StartNew();
var root = await driver.EnsureBusyboxRootAsync(ct);
Console.WriteLine($"busybox root: {root} ({clock.Elapsed.TotalSeconds:0.00} s to build or find); cgroup v{driver.CgroupVersion}");
Console.WriteLine($"service: busybox httpd -f -p {settings.Port} as each instance's init; {settings.MemoryMiB} MiB limit; {settings.StartConcurrency} starts in flight");

var results = new List<RoundResult>();
try
{
    foreach (var count in settings.Counts)
    {
        var result = await InstanceRound.RunAsync(driver, count, settings, ct);
        results.Add(result);
        Console.WriteLine($"N={count}: all ready in {result.AllReady.TotalSeconds:0.00} s (median instance {result.MedianReady.TotalSeconds:0.00} s), teardown {result.Teardown.TotalSeconds:0.00} s");
    }
}
finally
{
    foreach (var cgroup in Directory.EnumerateDirectories("/sys/fs/cgroup").Select(c => Path.Combine(c, options.CgroupParent)).Where(Directory.Exists))
    {
        try
        {
            Directory.Delete(cgroup);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"cannot remove {cgroup}: {e.Message} (an instance was left running)");
        }
    }

    if (Directory.Exists(settings.WorkDirectory))
    {
        Directory.Delete(settings.WorkDirectory, recursive: true);
    }
}

static string MiB(double bytes) => (bytes / (1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture);

Console.WriteLine();
Console.WriteLine("    N  all-ready s  per-inst ms  cgroup MiB/inst  RSS MiB/inst  manager MiB/inst   vs QEMU (51 guests, TCG)");
foreach (var r in results)
{
    var perInstance = r.AllReady.TotalMilliseconds / r.Count;
    var speedup = settings.QemuSeconds / 51 * 1000 / perInstance;
    Console.WriteLine(
        $"{r.Count,5}  {r.AllReady.TotalSeconds,11:0.00}  {perInstance,11:0.0}  {MiB(r.CgroupBytesPerInstance),15}  {MiB(r.RssBytesPerInstance),12}  {MiB(r.ManagerBytesPerInstance),16}   "
        + $"{speedup:0}x faster per instance, {settings.QemuRssMiB / (r.RssBytesPerInstance / (1024 * 1024)):0}x less RSS");
}

Console.WriteLine($"QEMU reference (bench/Nines.Bench.Boot, TCG): 51 guests to agent-ready in {settings.QemuSeconds:0} s ({settings.QemuSeconds / 51 * 1000:0} ms per guest), ~{settings.QemuRssMiB:0} MiB RSS per guest");
return 0;
