using System.Globalization;

namespace Nines.Bench.Deploy;

/// <summary>The benchmark's command-line settings.</summary>
/// <param name="Fixture">The scenario deployed (default <c>examples/vms51.xml</c>).</param>
/// <param name="Vms">How many of its VMs are deployed (the first N, in file order); null for all.</param>
/// <param name="BootConcurrency">Guests booting at the same time, in both halves (starved guests panic).</param>
/// <param name="WorkDirectory">The embedded controller's data directory and the raw script go here.</param>
/// <param name="Timeout">How long each half may take before it is abandoned.</param>
/// <param name="Keep">Keep the work directory (console logs, the raw script) afterwards.</param>
internal sealed record DeploySettings(string Fixture, int? Vms, int BootConcurrency, string WorkDirectory, TimeSpan Timeout, bool Keep)
{
    public const string Usage = """
        usage: Nines.Bench.Deploy [--fixture examples/vms51.xml] [--vms N] [--boot-concurrency 2] [--work DIR]
                                  [--timeout-seconds 1800] [--keep]
        """;

    /// <summary>Parses the arguments; null (after printing why) when they are wrong.</summary>
    public static DeploySettings? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var settings = new DeploySettings(
            DefaultFixture(),
            null,
            2,
            Path.Combine(Path.GetTempPath(), $"nines-bench-deploy-{Environment.ProcessId}"),
            TimeSpan.FromMinutes(30),
            false);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--keep")
            {
                settings = settings with { Keep = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                error.WriteLine($"{name}: a value is expected\n{Usage}");
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--fixture" when File.Exists(value):
                    settings = settings with { Fixture = Path.GetFullPath(value) };
                    break;
                case "--vms" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0:
                    settings = settings with { Vms = n };
                    break;
                case "--boot-concurrency" when int.TryParse(value, CultureInfo.InvariantCulture, out var c) && c > 0:
                    settings = settings with { BootConcurrency = c };
                    break;
                case "--work":
                    settings = settings with { WorkDirectory = Path.GetFullPath(value) };
                    break;
                case "--timeout-seconds" when int.TryParse(value, CultureInfo.InvariantCulture, out var s) && s > 0:
                    settings = settings with { Timeout = TimeSpan.FromSeconds(s) };
                    break;
                default:
                    error.WriteLine($"{name} {value}: not a valid option or value\n{Usage}");
                    return null;
            }
        }

        return settings;
    }

    /// <summary><c>examples/vms51.xml</c> of the repository this program was built from (found upwards from the binary).</summary>
    private static string DefaultFixture()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "examples", "vms51.xml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(Path.Combine("examples", "vms51.xml"));
    }
}
