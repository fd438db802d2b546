using System.Globalization;

namespace Nines.Cli.Output;

/// <summary>Figures for tables: sizes in binary units, durations as h:mm:ss.</summary>
internal static class Format
{
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0 'GiB'", CultureInfo.InvariantCulture),
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0 'MiB'", CultureInfo.InvariantCulture),
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0 'KiB'", CultureInfo.InvariantCulture),
        _ => $"{bytes} B",
    };

    public static string Duration(TimeSpan span) =>
        $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}";
}
