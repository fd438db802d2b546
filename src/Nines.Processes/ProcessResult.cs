namespace Nines.Processes;

/// <summary>How a program ended and what it printed.</summary>
/// <param name="CommandLine">The command, formatted for messages (see <see cref="ProcessRequest.CommandLine"/>).</param>
/// <param name="ExitCode">The exit code; for a program killed by a signal, 128 plus the signal's number.</param>
/// <param name="StandardOutput">Its standard output as text (empty when it went to <see cref="ProcessRequest.StandardOutputTo"/>).</param>
/// <param name="StandardError">Its standard error as text.</param>
/// <param name="TimedOut">True when the request's timeout passed while it ran and its tree was killed.</param>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError, bool TimedOut = false)
{
    /// <summary>It ran to the end and exited with 0.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
