namespace Nines.Drivers.Sequences;

/// <summary>
/// Runs the host side of a command sequence (the VNUML <c>&lt;host&gt;</c> section's <c>&lt;exec&gt;</c>s) on the
/// machine that manages the scenario. Kept behind an interface so the sequence runner stays free of process I/O.
/// </summary>
public interface IHostCommandRunner
{
    /// <summary>
    /// Runs <paramref name="commandLine"/> with the host's shell (as <c>/bin/sh -c</c> would) as <paramref name="user"/>
    /// (null: the managing process's own user) and returns its exit code and output; a non-zero exit is a result, not an error.
    /// </summary>
    Task<HostCommandResult> RunAsync(string commandLine, string? user, CancellationToken cancellationToken);
}
