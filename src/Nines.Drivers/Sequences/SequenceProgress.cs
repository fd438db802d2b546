namespace Nines.Drivers.Sequences;

/// <summary>
/// Progress of one target: command <see cref="Index"/> of <see cref="Count"/> is about to run (<see cref="Completed"/>
/// null) or has just finished.
/// </summary>
public sealed record SequenceProgress(string Target, int Index, int Count, string Command, ExecOutcome? Completed);
