using Nines.Contracts.Agents;
using Nines.Drivers;
using Nines.Drivers.Errors;
using Nines.Drivers.Migration;

namespace Nines.Controller.LiveMigration;

/// <summary>
/// One host of a live migration through its agent (in process or over HTTP): the source's migration is started,
/// then polled for progress until it ends; cancelling the caller's token cancels it on the host and waits for the
/// source to be running again. What <see cref="LiveMigrationRunner"/> drives for the controller.
/// </summary>
/// <param name="incoming">
/// Reads this host's desired set with the VM as incoming, when it is the destination: asked again when the host refuses
/// a set because another plan change (a second migration in the same deployment) committed after it was read.
/// </param>
public sealed class AgentMigrationHost(string hostName, IHostMigrations migrations, IHostVmOperations vms, Func<CancellationToken, Task<HostDeploymentDesired>>? incoming, TimeProvider time) : IMigrationHost
{
    /// <summary>How often a refused (stale) desired set is read again before the prepare fails.</summary>
    private const int StaleSetAttempts = 5;

    public string HostName { get; } = hostName;

    /// <summary>How often the source is asked for progress.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public async Task<MigrationEndpoint> PrepareIncomingAsync(string vmId, MigrationEndpoint listen, CancellationToken cancellationToken)
    {
        var read = incoming ?? throw new InvalidOperationException($"host {HostName} was not given a desired set to take vm \"{vmId}\" in");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await migrations.PrepareIncomingMigrationAsync(await read(cancellationToken).ConfigureAwait(false), vmId, cancellationToken).ConfigureAwait(false);
            }
            catch (StaleDesiredSetException) when (attempt < StaleSetAttempts)
            {
                // Another change of the plan committed after the set was read: read it again.
            }
        }
    }

    public async Task<MigrationResult> MigrateAsync(string vmId, MigrationEndpoint destination, MigrationPolicy policy, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        var state = await migrations.StartOutgoingMigrationAsync(vmId, destination, policy, cancellationToken).ConfigureAwait(false);
        MigrationProgress? reported = null;
        while (true)
        {
            if (state.Progress is { } sample && sample != reported)
            {
                progress?.Report(sample);
                reported = sample;
            }

            if (state.Finished)
            {
                return state switch
                {
                    { Result: { } result } => result,
                    { Cancelled: true } => throw new OperationCanceledException($"the migration of vm \"{vmId}\" was cancelled on host {HostName}"),
                    { ErrorCode: "invalid-argument" } => throw new ArgumentException(state.Error),
                    _ => throw new DriverFailureException(vmId, state.Error ?? $"the migration of vm \"{vmId}\" failed on host {HostName}"),
                };
            }

            try
            {
                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await migrations.CancelOutgoingMigrationAsync(vmId, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            state = await migrations.GetOutgoingMigrationAsync(vmId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public Task<VmStatus> CompleteIncomingAsync(string vmId, TimeSpan guestCheckTimeout, CancellationToken cancellationToken) =>
        migrations.CompleteIncomingMigrationAsync(vmId, guestCheckTimeout, cancellationToken);

    public Task<VmStatus> DestroyAsync(string vmId, CancellationToken cancellationToken) => vms.ControlVmAsync(vmId, VmOperation.Destroy, cancellationToken);

    public Task<VmStatus> ResumeAsync(string vmId, CancellationToken cancellationToken) => vms.ControlVmAsync(vmId, VmOperation.Resume, cancellationToken);
}
