namespace Nines.Drivers.Sequences;

/// <summary>The result of running one sequence over a scenario: the VMs in document order, then the host.</summary>
public sealed record SequenceRunResult(string Sequence, IReadOnlyList<TargetSequenceResult> Vms, TargetSequenceResult? Host)
{
    public bool Succeeded => Vms.All(v => v.Succeeded) && (Host?.Succeeded ?? true);

    /// <summary>Every failed command, VMs first, each with its full error message.</summary>
    public IEnumerable<ExecOutcome> Failures =>
        Vms.Append(Host).OfType<TargetSequenceResult>().SelectMany(t => t.Outcomes).Where(o => !o.Succeeded);
}
