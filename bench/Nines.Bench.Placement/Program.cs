using System.Diagnostics;
using System.Globalization;
using Nines.Bench.Placement;
using Nines.Scheduling;

// Placement throughput of the Balanced partitioner, end to end through Planner.Plan (rules, placement, VLANs).
// Usage: dotnet run -c Release --project bench/Nines.Bench.Placement [vms] [hosts] [runs]
var vmCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var hostCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000;
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
const double NomadLow = 1_500, NomadHigh = 3_750, Target = 100_000;

var request = SyntheticCluster.Build(vmCount, hostCount, seed: 42);
Console.WriteLine($"VMs:                 {vmCount:N0}");
Console.WriteLine($"hosts:               {hostCount:N0}");
Console.WriteLine($"rules:               {request.Rules.Count:N0} (anti-affinity pairs and triples, {vmCount / 5:N0} vm_deploy_at pins)");

var warmUp = Planner.Plan(request, "Balanced");
var seconds = new List<double>();
DeploymentPlan plan = warmUp;
long allocatedPerRun = 0;
for (var run = 0; run < runs; run++)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    plan = Planner.Plan(request, "Balanced");
    clock.Stop();
    allocatedPerRun = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    seconds.Add(clock.Elapsed.TotalSeconds);
}

seconds.Sort();
var stages = Enumerable.Range(0, runs).Select(_ => StageTimer.Measure(request)).OrderBy(s => s.Rules + s.Placement + s.Vlans).ToList()[runs / 2];
var median = seconds[seconds.Count / 2];
var rate = vmCount / median;
using var process = Process.GetCurrentProcess();
Console.WriteLine($"placed / unplaced:   {plan.Allocation.Placements.Count:N0} / {plan.Allocation.Unplaced.Count:N0}");
Console.WriteLine($"VLANs allocated:     {plan.Vlans.Count:N0}");
Console.WriteLine($"errors / warnings:   {plan.Diagnostics.Count(d => d.IsError):N0} / {plan.Diagnostics.Count(d => !d.IsError):N0}");
Console.WriteLine($"runs (after warm-up): {runs}, times {string.Join(", ", seconds.Select(s => $"{s * 1000:F0} ms"))}");
Console.WriteLine($"median time:         {median * 1000:F1} ms");
Console.WriteLine($"stages (median run): rules {stages.Rules:F0} ms, placement {stages.Placement:F0} ms, VLANs {stages.Vlans:F0} ms");
Console.WriteLine($"placements/s:        {rate:N0} (median)");
Console.WriteLine($"vs Nomad 1,500-3,750/s: {rate / NomadHigh:F1}x-{rate / NomadLow:F1}x");
Console.WriteLine($"vs target 100,000/s: {rate / Target:F2}x {(rate >= Target ? "(met)" : "(NOT met)")}");
Console.WriteLine($"allocated per run:   {allocatedPerRun / (1024.0 * 1024):F1} MiB");
Console.WriteLine($"peak working set:    {process.PeakWorkingSet64 / (1024.0 * 1024):F1} MiB");
return rate >= Target ? 0 : 1;
