namespace Nines.Cli.Tests;

/// <summary>Runs the CLI in-process and captures exactly what a user would see on stdout and stderr.</summary>
internal static class CliRunner
{
    public static string Data(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "data", .. parts]);

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await NinesCli.RunAsync(args, output, error, CancellationToken.None);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs with exactly <paramref name="environment"/> as the CLI's environment (nothing leaks in from the test run's).</summary>
    public static async Task<CliResult> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Interactive: false, Environment: name => environment.GetValueOrDefault(name));
        var exit = await NinesCli.RunAsync(args, context, CancellationToken.None);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>Writes <paramref name="content"/> to a fresh temporary file and returns its path.</summary>
    public static string TempFile(string name, string content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "nines-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}

internal sealed record CliResult(int ExitCode, string Out, string Error);
