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

/// <summary>One target's part of a sequence run: every command's outcome, in order.</summary>
/// <param name="Planned">How many commands the target's sequence had; more than <c>Outcomes.Count</c> when it stopped early.</param>
public sealed record TargetSequenceResult(string Target, int Planned, IReadOnlyList<ExecOutcome> Outcomes)
{
    public bool Succeeded => Outcomes.Count == Planned && Outcomes.All(o => o.Succeeded);

    /// <summary>True when a failure stopped the sequence before all its commands ran.</summary>
    public bool Stopped => Outcomes.Count < Planned;
}

/// <summary>The result of running one sequence over a scenario: the VMs in document order, then the host.</summary>
public sealed record SequenceRunResult(string Sequence, IReadOnlyList<TargetSequenceResult> Vms, TargetSequenceResult? Host)
{
    public bool Succeeded => Vms.All(v => v.Succeeded) && (Host?.Succeeded ?? true);

    /// <summary>Every failed command, VMs first, each with its full error message.</summary>
    public IEnumerable<ExecOutcome> Failures =>
        Vms.Append(Host).OfType<TargetSequenceResult>().SelectMany(t => t.Outcomes).Where(o => !o.Succeeded);
}

/// <summary>
/// Progress of one target: command <see cref="Index"/> of <see cref="Count"/> is about to run (<see cref="Completed"/>
/// null) or has just finished.
/// </summary>
public sealed record SequenceProgress(string Target, int Index, int Count, string Command, ExecOutcome? Completed);
