using System.Globalization;

namespace Nines.Cli.Hosting;

/// <summary>
/// The machine's load as a host agent reports it: the 1-minute load average (<c>/proc/loadavg</c>) per CPU, capped at 1;
/// 0 when it cannot be read.
/// </summary>
internal static class MachineLoad
{
    public static double Read(string path = "/proc/loadavg")
    {
        try
        {
            var first = File.ReadAllText(path).Split(' ', 2)[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
                ? Math.Clamp(load / Math.Max(1, Environment.ProcessorCount), 0, 1)
                : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
