namespace Nines.Drivers;

/// <summary>
/// The small contract every VM driver implements (QEMU, OS-level containers, the fake). Optional features are
/// <see cref="Capabilities"/>; a call that needs one the driver lacks throws <see cref="Errors.UnsupportedOperationException"/>.
/// Operations follow <see cref="VmStateMachine"/>: an illegal one throws <see cref="Errors.InvalidVmStateException"/>
/// and changes nothing. Every failure is a <see cref="Errors.VmDriverException"/> with a stable code.
/// </summary>
/// <remarks>
/// Disposing a driver releases its connections but never stops VMs: a new driver instance (a restarted manager)
/// finds them again with <see cref="ReattachAsync"/>.
/// </remarks>
public interface IVmDriver : IAsyncDisposable
{
    /// <summary>A short name (<c>qemu</c>, <c>container</c>, <c>fake</c>).</summary>
    string Name { get; }

    DriverCapabilities Capabilities { get; }

    /// <summary>
    /// Registers a VM without starting it. The definition is validated against the host first; every problem is
    /// reported together in an <see cref="Errors.InvalidDefinitionException"/> and nothing is created.
    /// Defining the same id again with an equal definition is a no-op that returns the current status.
    /// </summary>
    Task<VmStatus> DefineAsync(VmDefinition definition, CancellationToken cancellationToken);

    /// <summary>Launches the VM. Returns once the process runs; <see cref="VmEventKind.GuestReady"/> follows when the guest is up.</summary>
    Task<VmStatus> StartAsync(string vmId, CancellationToken cancellationToken);

    Task<VmStatus> PauseAsync(string vmId, CancellationToken cancellationToken);

    Task<VmStatus> ResumeAsync(string vmId, CancellationToken cancellationToken);

    /// <summary>Saves the guest's memory to <paramref name="statePath"/> and ends the process.</summary>
    Task<VmStatus> SuspendAsync(string vmId, string statePath, CancellationToken cancellationToken);

    /// <summary>Starts the VM from the memory saved in <paramref name="statePath"/>: the guest continues where it stopped.</summary>
    Task<VmStatus> RestoreAsync(string vmId, string statePath, CancellationToken cancellationToken);

    /// <summary>
    /// Two-phase stop: asks the guest (guest agent, else ACPI) and waits up to <paramref name="gracePeriod"/>, then
    /// forces. The result says which happened.
    /// </summary>
    Task<ShutdownResult> ShutdownAsync(string vmId, TimeSpan gracePeriod, CancellationToken cancellationToken);

    /// <summary>Forced stop at once (idempotent: a VM that does not run is left as it is).</summary>
    Task<VmStatus> DestroyAsync(string vmId, CancellationToken cancellationToken);

    /// <summary>Resets the guest; the process stays.</summary>
    Task<VmStatus> RebootAsync(string vmId, CancellationToken cancellationToken);

    /// <summary>Forgets a VM that does not run and deletes what the driver created for it.</summary>
    Task RemoveAsync(string vmId, CancellationToken cancellationToken);

    Task<VmStatus> InspectAsync(string vmId, CancellationToken cancellationToken);

    Task<VmKpis> SampleAsync(string vmId, CancellationToken cancellationToken);

    /// <summary>Runs a command in the guest and returns its exit code and output (a non-zero exit is a result, not an error).</summary>
    Task<GuestExecResult> ExecAsync(string vmId, GuestCommand command, CancellationToken cancellationToken);

    Task WriteFileAsync(string vmId, string guestPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>
    /// Changes the resource controls of a running (or paused) VM (CPU quota and shares, memory limit, pids); the new
    /// values show in the next <see cref="SampleAsync"/>. Needs <see cref="DriverCapabilities.Resize"/>: drivers without
    /// it keep this default, which fails with <see cref="Errors.UnsupportedOperationException"/>.
    /// </summary>
    Task<VmStatus> ResizeAsync(string vmId, QosChange change, CancellationToken cancellationToken) =>
        Task.FromException<VmStatus>(new Errors.UnsupportedOperationException(Name, DriverCapabilities.Resize, vmId));

    /// <summary>
    /// Finds the VMs a previous manager process left running on this host and takes them over (no duplicate
    /// process, no orphan). Returns their status.
    /// </summary>
    Task<IReadOnlyList<VmStatus>> ReattachAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every event from the moment of this call (the subscription is taken at once, not at the first
    /// <c>MoveNextAsync</c>), until <paramref name="cancellationToken"/> fires or the driver is disposed.
    /// </summary>
    IAsyncEnumerable<VmEvent> WatchEventsAsync(CancellationToken cancellationToken);
}
