using Nines.Testing;

namespace Nines.Bench.Soak;

/// <summary>The nines CLI of this checkout, run as a user runs it (<c>dotnet nines.dll …</c>).</summary>
internal static class NinesCli
{
    private static readonly Lazy<string> _dll = new(Find);

    /// <summary>The CLI's nines.dll: the solution build's (same configuration as this program), else the <c>./nines</c> script's.</summary>
    public static string Dll => _dll.Value;

    public static Task<ShellResult> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, string? caCertificate = null)
    {
        var environment = new Dictionary<string, string> { ["NINES_HOME"] = "/nonexistent-nines-soak-home" };
        if (caCertificate is not null)
        {
            environment["NINES_CA_CERT"] = caCertificate;
        }

        return Shell.RunAsync("dotnet", [Dll, .. arguments], timeout, cancellationToken, environment);
    }

    private static string Find()
    {
        var configuration = AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        foreach (var candidate in new[] { configuration, configuration == "Release" ? "Debug" : "Release" })
        {
            var dll = RepositoryPaths.Combine("src", "Nines.Cli", "bin", candidate, "net10.0", "nines.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        var script = RepositoryPaths.Combine(".nines", "cli", "nines.dll");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"the nines CLI is not built: run `dotnet build Nines.slnx -c Release` or `./nines --help` in {RepositoryPaths.Root}");
        }

        return script;
    }
}
