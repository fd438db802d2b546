using System.Globalization;

namespace Nines.Bench.Cluster;

/// <summary>Median and worst of a list of durations, printed in seconds.</summary>
internal static class Figures
{
    public static string Line(string what, IReadOnlyList<TimeSpan> samples)
    {
        if (samples.Count == 0)
        {
            return $"{what,-34} (no samples)";
        }

        var sorted = samples.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{what,-34} median {median.TotalSeconds,6:0.000} s   worst {sorted[^1].TotalSeconds,6:0.000} s   best {sorted[0].TotalSeconds,6:0.000} s   (n={sorted.Count})");
    }

    public static TimeSpan Median(IReadOnlyList<TimeSpan> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
