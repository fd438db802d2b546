using System.Globalization;

namespace Nines.Bench.Boot;

/// <summary>The benchmark's command-line settings.</summary>
/// <param name="Counts">How many guests each round boots (default 1, 10, 51).</param>
/// <param name="Driver"><c>qemu</c> (the real driver) or <c>fake</c> (FakeDriver, to check the benchmark itself).</param>
/// <param name="Accelerator"><c>auto</c> (probe boot with KVM, else TCG), <c>kvm</c> or <c>tcg</c>.</param>
/// <param name="BootConcurrency">Guests booting at the same time, in both halves (starved guests panic).</param>
/// <param name="MemoryMiB">Memory of each guest.</param>
/// <param name="WorkDirectory">Where run directories, console logs and the raw script go.</param>
/// <param name="ReadyTimeout">How long one round may take before it is abandoned.</param>
internal sealed record BenchSettings(
    IReadOnlyList<int> Counts,
    string Driver,
    string Accelerator,
    int BootConcurrency,
    int MemoryMiB,
    string WorkDirectory,
    TimeSpan ReadyTimeout)
{
    public const string Usage = """
        usage: Nines.Bench.Boot [--counts 1,10,51] [--driver qemu|fake] [--accel auto|kvm|tcg]
                                [--boot-concurrency 2] [--memory 128] [--work DIR] [--timeout-seconds 600]
        """;

    /// <summary>Parses the arguments; null (after printing why) when they are wrong.</summary>
    public static BenchSettings? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var settings = new BenchSettings([1, 10, 51], "qemu", "auto", 2, 128, Path.Combine(Path.GetTempPath(), $"nines-bench-boot-{Environment.ProcessId}"), TimeSpan.FromMinutes(10));
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                error.WriteLine($"{name}: a value is expected\n{Usage}");
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--counts" when TryCounts(value, out var counts):
                    settings = settings with { Counts = counts };
                    break;
                case "--driver" when value is "qemu" or "fake":
                    settings = settings with { Driver = value };
                    break;
                case "--accel" when value is "auto" or "kvm" or "tcg":
                    settings = settings with { Accelerator = value };
                    break;
                case "--boot-concurrency" when int.TryParse(value, CultureInfo.InvariantCulture, out var c) && c > 0:
                    settings = settings with { BootConcurrency = c };
                    break;
                case "--memory" when int.TryParse(value, CultureInfo.InvariantCulture, out var m) && m >= 96:
                    settings = settings with { MemoryMiB = m };
                    break;
                case "--work":
                    settings = settings with { WorkDirectory = Path.GetFullPath(value) };
                    break;
                case "--timeout-seconds" when int.TryParse(value, CultureInfo.InvariantCulture, out var s) && s > 0:
                    settings = settings with { ReadyTimeout = TimeSpan.FromSeconds(s) };
                    break;
                default:
                    error.WriteLine($"{name} {value}: not a valid option or value\n{Usage}");
                    return null;
            }
        }

        return settings;
    }

    private static bool TryCounts(string text, out IReadOnlyList<int> counts)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parsed = parts.Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1).ToList();
        counts = parsed;
        return parsed.Count > 0 && parsed.All(n => n > 0);
    }
}
