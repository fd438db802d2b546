using System.Globalization;
using System.Text;

namespace Nines.Bench.Soak;

/// <summary>The figures of one system's soak and the invariants they show.</summary>
internal sealed class SoakReport
{
    public required string System { get; init; }

    public required string Driver { get; init; }

    public required int Seed { get; init; }

    public required TimeSpan Planned { get; init; }

    public TimeSpan Ran { get; set; }

    /// <summary>From the start until the fuzzing tenant and the injector stopped (the tenant may take longer to finish).</summary>
    public TimeSpan FaultPhase { get; set; }

    public FaultLog Faults { get; } = new();

    public List<string> Skipped { get; } = [];

    public IReadOnlyList<TenantOperation> Operations { get; set; } = [];

    public int Refusals { get; set; }

    public Dictionary<string, int> ScenarioAnswers { get; set; } = [];

    public Dictionary<string, int> ServerErrors { get; set; } = [];

    public Percentiles FuzzLatency { get; set; } = Percentiles.Of([]);

    public HealthLoops? FinalHealth { get; set; }

    public int HealthSamples { get; set; }

    public HashSet<string> DeadLoopsSeen { get; } = new(StringComparer.Ordinal);

    public int VmSamples { get; set; }

    public Dictionary<string, int> Duplicates { get; } = new(StringComparer.Ordinal);

    public int Acknowledged { get; set; }

    public List<string> Lost { get; } = [];

    public List<string> OrphansAfterUndeploy { get; } = [];

    public List<string> OrphansAfterTeardown { get; } = [];

    public int UnhandledExceptions { get; set; }

    public IReadOnlyList<string> ExceptionSamples { get; set; } = [];

    public List<string> Problems { get; } = [];

    public List<string> Crashes { get; } = [];

    public bool Completed { get; set; }

    /// <summary>Each invariant that failed, with its figure; empty when every one held.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            var failures = new List<string>();
            if (!Completed)
            {
                failures.Add("the soak did not complete: " + string.Join("; ", Problems));
            }

            if (FinalHealth is { Dead.Count: > 0 } health)
            {
                failures.Add($"loops dead: {health.Dead.Count} ({string.Join(", ", health.Dead)})");
            }

            if (OrphansAfterUndeploy.Count + OrphansAfterTeardown.Count > 0)
            {
                failures.Add($"orphans: {OrphansAfterUndeploy.Count} after the final undeploy, {OrphansAfterTeardown.Count} after teardown");
            }

            if (Duplicates.Count > 0)
            {
                failures.Add($"duplicate VMs: {Duplicates.Count}");
            }

            if (Lost.Count > 0)
            {
                failures.Add($"acknowledged operations lost: {Lost.Count} of {Acknowledged}");
            }

            if (UnhandledExceptions > 0)
            {
                failures.Add($"unhandled exceptions in the logs: {UnhandledExceptions}");
            }

            if (Crashes.Count > 0)
            {
                failures.Add($"processes that died by themselves: {Crashes.Count}");
            }

            if (!Faults.InjectionErrors.IsEmpty)
            {
                failures.Add($"the system did not come back from {Faults.InjectionErrors.Count} fault(s): {Faults.InjectionErrors.First()}");
            }

            return failures;
        }
    }

    public string Print()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        void Line(string line) => text.AppendLine(line);
        var minutes = Math.Max(FaultPhase.TotalMinutes, 1e-9);
        Line($"== {System} (driver {Driver}, seed {Seed}, faults for {FaultPhase.TotalSeconds.ToString("0", c)} s of {Planned.TotalSeconds.ToString("0", c)} s, the tenant until {Ran.TotalSeconds.ToString("0", c)} s, {Environment.ProcessorCount} CPUs, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        var per10 = Faults.Total / minutes * 10;
        Line($"faults injected: {Faults.Total.ToString("N0", c)} ({per10.ToString("N0", c)} per 10 min; target >= 1,000 per 10 min: {(per10 >= 1000 ? "met" : "not met")})");
        foreach (var (kind, count) in Faults.ByKind.OrderBy(k => k.Key))
        {
            Line($"  {Kebab(kind),-22} {count.ToString("N0", c),7}");
        }

        foreach (var skipped in Skipped)
        {
            Line($"  skipped: {skipped}");
        }

        if (ScenarioAnswers.Count > 0)
        {
            Line("  fuzz scenarios by answer: " + string.Join(", ", ScenarioAnswers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} x{a.Value.ToString(c)}")));
        }

        Line($"  fuzz answer time: p50 {Ms(FuzzLatency.P50)}  p99 {Ms(FuzzLatency.P99)}");
        Line($"  fuzz answers 5xx: {ServerErrors.Values.Sum().ToString(c)}" + (ServerErrors.Count > 0 ? " (" + string.Join(", ", ServerErrors.Select(e => $"{e.Key} x{e.Value.ToString(c)}")) + ")" : string.Empty));

        var completed = Operations.Where(o => o.Completed).ToList();
        Line($"well-behaved tenant: {completed.Count.ToString(c)} operations completed, {(Operations.Count - completed.Count).ToString(c)} failed or unfinished; {Refusals.ToString(c)} requests not accepted (controller down, busy or refused)");
        var all = Percentiles.Of(completed.Select(o => o.Latency.TotalMilliseconds));
        Line($"  latency (request -> COMPLETED): p50 {Ms(all.P50)}  p99 {Ms(all.P99)}  ({all.Count.ToString(c)} operations)");
        foreach (var kind in new[] { "deploy", "exec", "undeploy" })
        {
            var figures = Percentiles.Of(completed.Where(o => o.Kind == kind).Select(o => o.Latency.TotalMilliseconds));
            Line($"    {kind,-9} p50 {Ms(figures.P50)}  p99 {Ms(figures.P99)}  ({figures.Count.ToString(c)})");
        }

        foreach (var failed in Operations.Where(o => !o.Completed).GroupBy(o => $"{o.Kind} {o.Result}: {Short(o.Error)}").Take(8))
        {
            Line($"  not completed x{failed.Count().ToString(c)}: {failed.Key}");
        }

        Line("invariants:");
        var loops = FinalHealth is { Reported: true } h
            ? $"{h.Dead.Count.ToString(c)} of {h.Count.ToString(c)} at the end (status {h.Status}); dead at some sample: {(DeadLoopsSeen.Count == 0 ? "none" : string.Join(", ", DeadLoopsSeen))}"
            : $"0 (not reported: /v1/health has no loops member; status {FinalHealth?.Status ?? "?"})";
        Line($"  loops dead:                      {loops}   {Verdict(FinalHealth is not { Dead.Count: > 0 })}");
        Line($"  orphans after final undeploy:    {OrphansAfterUndeploy.Count.ToString(c)}   {Verdict(OrphansAfterUndeploy.Count == 0)}");
        Line($"  orphans after teardown:          {OrphansAfterTeardown.Count.ToString(c)}   {Verdict(OrphansAfterTeardown.Count == 0)}");
        foreach (var orphan in OrphansAfterUndeploy.Concat(OrphansAfterTeardown).Take(10))
        {
            Line($"    {orphan}");
        }

        Line($"  duplicate VMs:                   {Duplicates.Count.ToString(c)} ({VmSamples.ToString(c)} samples of every host)   {Verdict(Duplicates.Count == 0)}");
        foreach (var (vm, copies) in Duplicates.Take(10))
        {
            Line($"    {vm}: {copies.ToString(c)} copies at once");
        }

        Line($"  acknowledged operations lost:    {Lost.Count.ToString(c)} of {Acknowledged.ToString(c)}   {Verdict(Lost.Count == 0)}");
        foreach (var lost in Lost.Take(10))
        {
            Line($"    {lost}");
        }

        Line($"  unhandled exceptions in logs:    {UnhandledExceptions.ToString(c)}   {Verdict(UnhandledExceptions == 0)}");
        foreach (var sample in ExceptionSamples.Distinct(StringComparer.Ordinal).Take(8))
        {
            Line($"    {Short(sample, 200)}");
        }

        Line($"  crashes (exits the soak did not cause): {Crashes.Count.ToString(c)}   {Verdict(Crashes.Count == 0)}");
        foreach (var crash in Crashes.Take(5))
        {
            Line($"    {Short(crash, 400)}");
        }

        foreach (var error in Faults.InjectionErrors.Take(5))
        {
            Line($"  system did not come back: {Short(error, 300)}");
        }

        foreach (var problem in Problems)
        {
            Line($"  problem: {Short(problem, 600)}");
        }

        var failures = Failures;
        Line(failures.Count == 0 ? "result: every invariant held" : $"result: FAILED — {string.Join("; ", failures)}");
        return text.ToString();
    }

    private static string Verdict(bool ok) => ok ? "ok" : "FAILED";

    private static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms >= 1000 ? $"{(ms / 1000).ToString("0.00", CultureInfo.InvariantCulture)} s" : $"{ms.ToString("0", CultureInfo.InvariantCulture)} ms";

    private static string Short(string? text, int length = 120)
    {
        var line = (text ?? string.Empty).ReplaceLineEndings(" ");
        return line.Length > length ? line[..length] + "…" : line;
    }

    private static string Kebab(FaultKind kind) =>
        string.Concat(kind.ToString().Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
