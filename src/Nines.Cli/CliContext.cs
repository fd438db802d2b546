namespace Nines.Cli;

/// <summary>
/// Where a command writes: results to <see cref="Out"/>, diagnostics and failures to <see cref="Error"/>.
/// <see cref="Interactive"/> is true only when <see cref="Out"/> is a terminal (live progress bars); pipes and tests
/// get plain lines. <see cref="Environment"/> reads the variables the CLI honours (<c>NINES_*</c>).
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, bool Interactive = false, Func<string, string?>? Environment = null)
{
    /// <summary>
    /// True when this CLI is its own process (<c>Program</c>), false inside a test host: only then can a command start
    /// itself again (<c>nines agent</c>'s fence guard restarts the agent with this process's command line).
    /// </summary>
    public bool OwnProcess { get; init; }

    /// <summary>The clock polls wait on (progress, drains, migrations): the system's, a fake one in tests.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The value of environment variable <paramref name="name"/>, or null when it is unset or empty.</summary>
    public string? Variable(string name) =>
        (Environment ?? System.Environment.GetEnvironmentVariable)(name) is { Length: > 0 } value ? value : null;
}
