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
    /// The destination side of a live migration: launches the defined (not running) VM waiting for its state on
    /// <paramref name="listen"/> (port 0: the driver picks one) and returns the endpoint the source must connect to.
    /// The VM is <see cref="VmState.Incoming"/> until <see cref="CompleteIncomingMigrationAsync"/> or a destroy.
    /// Needs <see cref="DriverCapabilities.LiveMigration"/>.
    /// </summary>
    Task<Migration.MigrationEndpoint> PrepareIncomingMigrationAsync(string vmId, Migration.MigrationEndpoint listen, CancellationToken cancellationToken) =>
        Task.FromException<Migration.MigrationEndpoint>(new Errors.UnsupportedOperationException(Name, DriverCapabilities.LiveMigration, vmId));

    /// <summary>
    /// The source side: sends the running VM's memory to <paramref name="destination"/> by pre-copy while it runs,
    /// following <paramref name="policy"/>, reporting samples to <paramref name="progress"/>. On success the source is left
    /// <see cref="VmState.Paused"/> (the guest now runs on the destination): destroy it to commit, resume it to fail back.
    /// Cancelling <paramref name="cancellationToken"/> cancels the migration and a failure ends it; either way the source
    /// keeps running. Needs <see cref="DriverCapabilities.LiveMigration"/>.
    /// </summary>
    Task<Migration.MigrationResult> MigrateAsync(string vmId, Migration.MigrationEndpoint destination, Migration.MigrationPolicy policy, IProgress<Migration.MigrationProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromException<Migration.MigrationResult>(new Errors.UnsupportedOperationException(Name, DriverCapabilities.LiveMigration, vmId));

    /// <summary>
    /// The destination side once the source has completed: waits for the state to have arrived and the guest to run,
    /// then checks it is alive (the guest agent answers within <paramref name="guestCheckTimeout"/>, when the VM has one)
    /// and makes the VM <see cref="VmState.Running"/> here. A guest that does not answer fails with
    /// <see cref="Errors.DriverFailureException"/> and stays Incoming: destroy it and resume the source.
    /// </summary>
    Task<VmStatus> CompleteIncomingMigrationAsync(string vmId, TimeSpan guestCheckTimeout, CancellationToken cancellationToken) =>
        Task.FromException<VmStatus>(new Errors.UnsupportedOperationException(Name, DriverCapabilities.LiveMigration, vmId));

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
