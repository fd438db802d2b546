namespace Nines.Bench.Soak;

/// <summary>Median and p99 (nearest rank) of a set of figures.</summary>
internal sealed record Percentiles(double P50, double P99, int Count)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Percentiles(double.NaN, double.NaN, 0);
        }

        static double Rank(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(Rank(sorted, 0.5), Rank(sorted, 0.99), sorted.Length);
    }
}
