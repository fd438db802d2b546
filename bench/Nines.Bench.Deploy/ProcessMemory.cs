using System.Globalization;

namespace Nines.Bench.Deploy;

/// <summary>This process's resident memory from <c>/proc/self/status</c>: the controller's, since it runs in here (QEMU guests are other processes).</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS (now) and VmHWM (the peak since the process started), in MiB.</summary>
    public static (double RssMiB, double PeakMiB) Read()
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kib(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kib(line) / 1024.0;
            }
        }

        return (rss, peak);
    }

    private static long Kib(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
