using Nines.Contracts.Model;

namespace Nines.Controller.LiveMigration;

/// <summary>
/// What a host drain asks of the availability manager for a VM that is a service unit: hand the service instances it
/// serves over to other units (a graceful switchover) and take it out of service before it moves, then bring it back
/// in service where it runs after the move.
/// </summary>
public interface IUnitHandover
{
    /// <summary>
    /// Switches over what <paramref name="vm"/> serves and locks it. Both null when the VM is no unit of a managed
    /// group (it moves as any VM); an error when the handover cannot be made (no standby in service, the active never
    /// confirmed its quiesce), and then nothing is locked.
    /// </summary>
    Task<(UnitHandoverTicket? Ticket, string? Error)> ReleaseAsync(DeploymentRef deployment, string vm, CancellationToken cancellationToken);

    /// <summary>
    /// The unit runs on <paramref name="host"/> now: relaunches its application there when it was restarted
    /// (<paramref name="relaunch"/>), then unlocks it.
    /// </summary>
    Task RestoreAsync(UnitHandoverTicket ticket, string host, bool relaunch, CancellationToken cancellationToken);
}
