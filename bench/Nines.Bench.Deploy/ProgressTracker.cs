using System.Globalization;
using Nines.Contracts.Model;

namespace Nines.Bench.Deploy;

/// <summary>
/// Follows the deploy operation as the controller publishes it: the steps each VM was seen at (defined, booting,
/// configuring, ready) and a line of counts per step every few seconds.
/// </summary>
internal sealed class ProgressTracker(TextWriter log, TimeProvider time) : IProgress<Operation>
{
    private static readonly string[] _order = ["pending", "defined", "booting", "configuring", "ready"];
    private static readonly TimeSpan _printEvery = TimeSpan.FromSeconds(5);
    private readonly long _started = time.GetTimestamp();
    private readonly Dictionary<string, List<string>> _steps = new(StringComparer.Ordinal);
    private TimeSpan? _printed;

    /// <summary>How many times the published operation changed.</summary>
    public int Reports { get; private set; }

    /// <summary>When the first VM was seen ready (from the submit).</summary>
    public TimeSpan? FirstReady { get; private set; }

    public void Report(Operation value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Reports++;
        var now = time.GetElapsedTime(_started);
        foreach (var (vm, progress) in value.Vms)
        {
            var steps = _steps.TryGetValue(vm, out var list) ? list : _steps[vm] = [];
            if (steps.Count == 0 || steps[^1] != progress.Step)
            {
                steps.Add(progress.Step);
            }

            if (progress.Step == "ready" && FirstReady is null)
            {
                FirstReady = now;
            }
        }

        if (_printed is not { } printed || now - printed >= _printEvery || value.IsFinished)
        {
            _printed = now;
            var counts = _order.Select(s => $"{s} {value.Vms.Values.Count(p => p.Step == s)}");
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {now.TotalSeconds,6:F1} s  {value.State,-10} {string.Join(", ", counts)}"));
        }
    }

    /// <summary>How many VMs were seen at <paramref name="step"/> before they were ready.</summary>
    public int SeenAt(string step) => _steps.Values.Count(s => s.Contains(step, StringComparer.Ordinal));

    /// <summary>VMs whose published steps never went backwards.</summary>
    public int MonotonicVms => _steps.Values.Count(s => s.Select(step => Array.IndexOf(_order, step)).Zip(s.Select(step => Array.IndexOf(_order, step)).Skip(1)).All(p => p.First <= p.Second));

    public int VmCount => _steps.Count;
}
