namespace Nines.Drivers.Sequences;

/// <summary>
/// What happened to one command of a sequence: a guest or host command, or one <c>&lt;filetree&gt;</c> copy.
/// </summary>
/// <param name="Target">The VM's name in the scenario, or <see cref="ExecSequenceRunner.HostTarget"/> for the host.</param>
/// <param name="Sequence">The sequence (VNUML <c>seq</c>) the command belongs to.</param>
/// <param name="Index">1-based position in the target's expanded sequence (filetrees first, file execs one per line).</param>
/// <param name="Command">The command line as run, or <c>filetree SOURCE -&gt; ROOT</c>.</param>
/// <param name="ExitCode">The command's exit code; null when it could not run (driver error, unreadable file).</param>
/// <param name="Error">Why the command failed, naming target, sequence, index, command, exit code and stderr; null on success.</param>
public sealed record ExecOutcome(
    string Target,
    string Sequence,
    int Index,
    string Command,
    int? ExitCode,
    string StandardOutput,
    string StandardError,
    TimeSpan Duration,
    string? Error)
{
    public bool Succeeded => Error is null;
}
