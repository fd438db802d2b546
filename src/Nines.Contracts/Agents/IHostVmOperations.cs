using Nines.Drivers;
using Nines.Drivers.Sequences;

namespace Nines.Contracts.Agents;

/// <summary>
/// What a user asks of single VMs on one host, beside the level-based convergence of <see cref="IHostAgent"/>:
/// lifecycle operations, live KPIs, and VNUML command sequences. The API routes each call to the agent of the VM's
/// host. Convergence does not undo these: a paused or stopped VM is reported as it is, not resumed or restarted.
/// </summary>
public interface IHostVmOperations
{
    /// <summary>The VM's status as its driver sees it now.</summary>
    Task<VmStatus> InspectVmAsync(string vmId, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one lifecycle operation (<see cref="VmOperation.Start"/> to <see cref="VmOperation.Reboot"/>) and returns the
    /// status after it. Illegal in the VM's state → <see cref="Drivers.Errors.InvalidVmStateException"/>, nothing changed.
    /// </summary>
    Task<VmStatus> ControlVmAsync(string vmId, VmOperation operation, CancellationToken cancellationToken);

    /// <summary>A fresh KPI sample of the VM.</summary>
    Task<VmKpis> SampleVmAsync(string vmId, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one command in the VM's guest and returns its exit code and output (a non-zero exit is a result, not an
    /// error): what <c>nines exec SCENARIO --vm VM -- COMMAND…</c> runs.
    /// </summary>
    Task<GuestExecResult> ExecVmAsync(string vmId, GuestCommand command, CancellationToken cancellationToken);

    /// <summary>
    /// Changes the running VM's resource controls (<see cref="IVmDriver.ResizeAsync"/>) and returns the status after;
    /// a driver without <see cref="DriverCapabilities.Resize"/> fails with <see cref="Drivers.Errors.UnsupportedOperationException"/>.
    /// </summary>
    Task<VmStatus> ResizeVmAsync(string vmId, QosChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="sequence"/> of the scenario on <paramref name="vms"/> (the deployment's VMs on this host);
    /// the scenario's <c>&lt;host&gt;</c> commands are not run here.
    /// </summary>
    /// <exception cref="UnknownSequenceException">None of <paramref name="vms"/> has a command in the sequence.</exception>
    Task<SequenceRunResult> RunSequenceAsync(
        string deploymentId,
        string scenarioYaml,
        IReadOnlyCollection<string> vms,
        string sequence,
        IProgress<SequenceProgress>? progress,
        CancellationToken cancellationToken);
}
