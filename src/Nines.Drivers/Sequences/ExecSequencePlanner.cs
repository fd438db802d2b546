using Nines.Domain.Scenarios;

namespace Nines.Drivers.Sequences;

/// <summary>
/// Pure: which commands of a scenario belong to a sequence, per target, in VNUML's order.
/// </summary>
/// <remarks>
/// Order, per VM: every <c>&lt;filetree&gt;</c> of the sequence first, then every <c>&lt;exec&gt;</c>, each group in
/// document order, as VNX documents for its <c>--execute</c> ("for a given seq value, all &lt;filetree&gt; commands
/// are always executed before &lt;exec&gt; ones", VNX wiki, Vnx-autoconf); the scenario model keeps filetrees and
/// execs in separate lists, so their interleaving in the file does not matter.
/// </remarks>
internal static class ExecSequencePlanner
{
    /// <summary>Every sequence name any VM's execs or filetrees, or the host's execs, use; sorted, distinct.</summary>
    public static IReadOnlyList<string> DefinedSequences(Scenario scenario) =>
        [.. scenario.EffectiveVms
            .SelectMany(vm => vm.Execs.Select(e => e.Sequence).Concat(vm.FileTrees.Select(t => t.Sequence)))
            .Concat(HostExecs(scenario).Select(e => e.Sequence))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>The VMs (defaults applied, document order) with something to do in <paramref name="sequence"/>.</summary>
    public static IEnumerable<(VmSpec Vm, IReadOnlyList<FileTreeSpec> Trees, IReadOnlyList<ExecSpec> Execs)> VmWork(Scenario scenario, string sequence)
    {
        foreach (var vm in scenario.EffectiveVms)
        {
            var trees = vm.FileTrees.Where(t => t.Sequence == sequence).ToList();
            var execs = vm.Execs.Where(e => e.Sequence == sequence).ToList();
            if (trees.Count > 0 || execs.Count > 0)
            {
                yield return (vm, trees, execs);
            }
        }
    }

    public static IReadOnlyList<ExecSpec> HostWork(Scenario scenario, string sequence) =>
        [.. HostExecs(scenario).Where(e => e.Sequence == sequence)];

    private static IEnumerable<ExecSpec> HostExecs(Scenario scenario) => scenario.Host is { } host ? host.Execs : [];
}
