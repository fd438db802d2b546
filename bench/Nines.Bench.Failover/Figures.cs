using System.Globalization;

namespace Nines.Bench.Failover;

/// <summary>Median, p99 and worst of a list of durations, printed in milliseconds.</summary>
internal static class Figures
{
    public static string Summary(IReadOnlyList<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return "no samples";
        }

        var sorted = milliseconds.Order().ToList();
        var c = CultureInfo.InvariantCulture;
        return string.Create(c, $"median {Percentile(sorted, 0.5),8:0.0} ms   p99 {Percentile(sorted, 0.99),8:0.0} ms   worst {sorted[^1],8:0.0} ms   (n = {sorted.Count})");
    }

    public static double P99(IReadOnlyList<double> milliseconds) =>
        milliseconds.Count == 0 ? double.NaN : Percentile([.. milliseconds.Order()], 0.99);

    // Nearest rank: the smallest sample with at least the fraction of samples at or below it.
    private static double Percentile(List<double> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>The new active's steps after a kill, from its log: HA state seen, request gate held, checkpoint claimed, active, first increment checkpointed.</summary>
internal sealed record Activation(string Epoch, DateTimeOffset Seen, DateTimeOffset Locked, DateTimeOffset Claimed, DateTimeOffset Ready, DateTimeOffset FirstAck);
