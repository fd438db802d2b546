using System.Globalization;

namespace Nines.Bench.Boot;

/// <summary>Formats one round's figures.</summary>
internal static class BootReport
{
    public const string Header = "    N   driver s      raw s  driver/guest s  raw/guest s  driver/raw  accel (driver/raw)";

    public static string Row(int count, TimeSpan driver, TimeSpan raw, string driverAccelerator, string rawAccelerator)
    {
        var ratio = raw > TimeSpan.Zero ? driver / raw : double.NaN;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{count,5} {driver.TotalSeconds,10:F2} {raw.TotalSeconds,10:F2} {driver.TotalSeconds / count,15:F3} {raw.TotalSeconds / count,12:F3} {ratio,11:F3}  {driverAccelerator}/{rawAccelerator}{(ratio <= 1.10 ? string.Empty : "  (above 1.10)")}");
    }
}
