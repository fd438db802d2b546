using System.Globalization;

namespace Nines.Bench.Soak;

/// <summary>Which systems the soak runs against.</summary>
internal enum SoakSystemKind
{
    Embedded,
    Cluster,
}

/// <summary>The soak's command line: <c>[--minutes N | --seconds N] [--seed S] [--system embedded|cluster|both] [--driver fake|qemu] [--work DIR] [--keep]</c>.</summary>
internal sealed record SoakOptions(TimeSpan Duration, int Seed, IReadOnlyList<SoakSystemKind> Systems, string Driver, string WorkRoot, bool Keep)
{
    public const string Usage = "usage: Nines.Bench.Soak [--minutes 10 | --seconds N] [--seed S] [--system embedded|cluster|both] [--driver fake|qemu] [--work DIR] [--keep]";

    /// <summary>Parses the command line; a problem is returned as the message of the error, all at once.</summary>
    public static SoakOptions Parse(IReadOnlyList<string> args, int defaultSeed, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var duration = TimeSpan.FromMinutes(10);
        var seed = defaultSeed;
        var system = "embedded";
        var driver = "fake";
        string? work = null;
        var keep = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string? Value()
            {
                if (i + 1 < args.Count)
                {
                    return args[++i];
                }

                problems.Add($"{name}: a value is missing");
                return null;
            }

            switch (name)
            {
                case "--minutes":
                    duration = Positive(name, Value(), TimeSpan.FromMinutes, problems) ?? duration;
                    break;
                case "--seconds":
                    duration = Positive(name, Value(), TimeSpan.FromSeconds, problems) ?? duration;
                    break;
                case "--seed":
                    var text = Value();
                    if (text is not null && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
                    {
                        problems.Add($"--seed: \"{text}\" is not an integer");
                    }

                    break;
                case "--system":
                    system = Value() ?? system;
                    break;
                case "--driver":
                    driver = Value() ?? driver;
                    break;
                case "--work":
                    work = Value();
                    break;
                case "--keep":
                    keep = true;
                    break;
                default:
                    problems.Add($"{name}: unknown option");
                    break;
            }
        }

        IReadOnlyList<SoakSystemKind> systems = system switch
        {
            "embedded" => [SoakSystemKind.Embedded],
            "cluster" => [SoakSystemKind.Cluster],
            "both" => [SoakSystemKind.Embedded, SoakSystemKind.Cluster],
            _ => [],
        };
        if (systems.Count == 0)
        {
            problems.Add($"--system: \"{system}\" is not embedded, cluster or both");
        }

        if (driver is not ("fake" or "qemu"))
        {
            problems.Add($"--driver: \"{driver}\" is not fake or qemu");
        }

        errors = problems;
        return new SoakOptions(duration, seed, systems, driver, work ?? Path.Combine(Path.GetTempPath(), $"nines-soak-{Environment.ProcessId}"), keep);
    }

    private static TimeSpan? Positive(string name, string? text, Func<double, TimeSpan> unit, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value < 100_000)
        {
            return unit(value);
        }

        problems.Add($"{name}: \"{text}\" is not a positive number");
        return null;
    }
}
