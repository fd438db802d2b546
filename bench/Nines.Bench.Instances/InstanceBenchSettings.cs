using System.Globalization;

namespace Nines.Bench.Instances;

/// <summary>The benchmark's command-line settings.</summary>
/// <param name="Counts">How many instances each round starts (default 51, 500).</param>
/// <param name="StartConcurrency">Starts in flight at once.</param>
/// <param name="MemoryMiB">Memory limit of each instance.</param>
/// <param name="Port">The TCP port the service listens on in each instance (its own network namespace).</param>
/// <param name="WorkDirectory">The driver's state directory for the run.</param>
/// <param name="QemuSeconds">The QEMU reference: seconds for 51 guests to agent-ready (bench/Nines.Bench.Boot, TCG).</param>
/// <param name="QemuRssMiB">The QEMU reference: resident memory per guest.</param>
internal sealed record InstanceBenchSettings(
    IReadOnlyList<int> Counts,
    int StartConcurrency,
    int MemoryMiB,
    int Port,
    string WorkDirectory,
    TimeSpan ReadyTimeout,
    double QemuSeconds,
    double QemuRssMiB)
{
    public const string Usage = """
        usage: Nines.Bench.Instances [--counts 51,500] [--concurrency 8] [--memory 32] [--port 80] [--work DIR]
                                     [--timeout-seconds 300] [--qemu-seconds 84] [--qemu-rss-mib 264]
        """;

    public static InstanceBenchSettings? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var settings = new InstanceBenchSettings(
            [51, 500], 8, 32, 80, Path.Combine(Path.GetTempPath(), $"nines-bench-instances-{Environment.ProcessId}"), TimeSpan.FromMinutes(5), 84, 264);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                error.WriteLine($"{args[i]}: a value is expected\n{Usage}");
                return null;
            }

            var value = args[i + 1];
            try
            {
                settings = args[i] switch
                {
                    "--counts" => settings with { Counts = [.. value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))] },
                    "--concurrency" => settings with { StartConcurrency = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--memory" => settings with { MemoryMiB = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--port" => settings with { Port = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--work" => settings with { WorkDirectory = Path.GetFullPath(value) },
                    "--timeout-seconds" => settings with { ReadyTimeout = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                    "--qemu-seconds" => settings with { QemuSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                    "--qemu-rss-mib" => settings with { QemuRssMiB = double.Parse(value, CultureInfo.InvariantCulture) },
                    _ => throw new FormatException($"unknown option {args[i]}"),
                };
            }
            catch (FormatException e)
            {
                error.WriteLine($"{args[i]} {value}: {e.Message}\n{Usage}");
                return null;
            }
        }

        return settings;
    }
}
