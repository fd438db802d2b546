namespace Nines.Bench.Migration;

/// <summary>Median, p99 (nearest rank) and worst of a set of figures.</summary>
internal sealed record Percentiles(double Median, double P99, double Worst)
{
    public static Percentiles Of(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Percentiles(double.NaN, double.NaN, double.NaN);
        }

        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        var rank = (int)Math.Ceiling(0.99 * sorted.Length) - 1;
        return new Percentiles(median, sorted[Math.Clamp(rank, 0, sorted.Length - 1)], sorted[^1]);
    }
}
