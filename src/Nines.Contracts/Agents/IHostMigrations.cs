using Nines.Drivers;
using Nines.Drivers.Migration;

namespace Nines.Contracts.Agents;

/// <summary>
/// One host's part in live migrations: as the destination it prepares (networks applied, VM defined, QEMU waiting
/// on the host's migration address) and completes; as the source it sends in the background while the controller
/// polls progress and may cancel. The controller drives it through <c>Nines.Controller.LiveMigration.AgentMigrationHost</c>.
/// </summary>
public interface IHostMigrations
{
    /// <summary>
    /// Converges <paramref name="desired"/> (which lists <paramref name="vmId"/> among its VMs and in
    /// <see cref="HostDeploymentDesired.Incoming"/>, so it is defined with its networks but not started), then launches
    /// the VM waiting for its state on this host's migration address. Returns the endpoint the source must send to.
    /// </summary>
    Task<MigrationEndpoint> PrepareIncomingMigrationAsync(HostDeploymentDesired desired, string vmId, CancellationToken cancellationToken);

    /// <inheritdoc cref="IVmDriver.CompleteIncomingMigrationAsync"/>
    Task<VmStatus> CompleteIncomingMigrationAsync(string vmId, TimeSpan guestCheckTimeout, CancellationToken cancellationToken);

    /// <summary>Starts sending the running VM to <paramref name="destination"/> in the background; returns at once.</summary>
    /// <exception cref="InvalidOperationException">A migration of the VM is already in flight here.</exception>
    Task<OutgoingMigration> StartOutgoingMigrationAsync(string vmId, MigrationEndpoint destination, MigrationPolicy policy, CancellationToken cancellationToken);

    /// <summary>The outgoing migration of the VM: its last progress sample, and its result or error once finished.</summary>
    /// <exception cref="Drivers.Errors.VmNotFoundException">No migration of the VM was started here.</exception>
    Task<OutgoingMigration> GetOutgoingMigrationAsync(string vmId, CancellationToken cancellationToken);

    /// <summary>Cancels the outgoing migration (the source keeps running) and returns its state once it has stopped.</summary>
    Task<OutgoingMigration> CancelOutgoingMigrationAsync(string vmId, CancellationToken cancellationToken);
}
