using Nines.Domain.Scenarios;

namespace Nines.Drivers.Sequences;

/// <summary>
/// How an <see cref="ExecSequenceRunner"/> reaches host files and how it schedules. The two readers are the runner's
/// only access to the host's files: they get paths as the scenario wrote them (the caller resolves them, usually
/// against the scenario file's directory, and applies its own allowed-root checks).
/// </summary>
/// <param name="ReadHostFile">Reads the text of a VNUML <c>type="file"</c> exec's command file.</param>
/// <param name="ReadFileTree">Lists every file below a <c>&lt;filetree&gt;</c>'s source directory, with content and mode.</param>
public sealed record ExecSequenceOptions(
    Func<string, CancellationToken, Task<string>> ReadHostFile,
    Func<string, CancellationToken, Task<IReadOnlyList<FileTreeEntry>>> ReadFileTree)
{
    /// <summary>How many VMs run their sequences at the same time (commands within one VM are always sequential).</summary>
    public int MaxParallelVms { get; init; } = 4;

    /// <summary>What a VM's sequence does after a failing command.</summary>
    public SequenceFailurePolicy FailurePolicy { get; init; } = SequenceFailurePolicy.StopVm;

    /// <summary>The limit for each guest command; null leaves the driver's own limit.</summary>
    public TimeSpan? CommandTimeout { get; init; }

    /// <summary>
    /// The driver id of a scenario VM. The default is <see cref="Mapping.VmDefinitionMapper"/>'s <c>scenario.vm</c>.
    /// </summary>
    public Func<Scenario, VmSpec, string> VmId { get; init; } = static (scenario, vm) => $"{scenario.Name}.{vm.Name}";
}
