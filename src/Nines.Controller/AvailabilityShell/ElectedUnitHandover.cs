using Nines.Contracts.Model;
using Nines.Controller.LiveMigration;
using Nines.Controller.Repositories;

namespace Nines.Controller.AvailabilityShell;

/// <summary>
/// The unit handover of a cluster controller: the availability manager of the term it is elected for, which changes
/// with every term. A controller that is not elected manages no group, so it refuses to move a unit of one (the leader
/// can hand it over) and lets every other VM move.
/// </summary>
public sealed class ElectedUnitHandover : IUnitHandover
{
    private readonly Func<AvailabilityManager?> _current;
    private readonly DeploymentRepository _deployments;

    public ElectedUnitHandover(Func<AvailabilityManager?> current, DeploymentRepository deployments)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(deployments);
        _current = current;
        _deployments = deployments;
    }

    public async Task<(UnitHandoverTicket? Ticket, string? Error)> ReleaseAsync(DeploymentRef deployment, string vm, CancellationToken cancellationToken)
    {
        if (_current() is { } manager)
        {
            return await manager.ReleaseAsync(deployment, vm, cancellationToken).ConfigureAwait(false);
        }

        var stored = await _deployments.GetAsync(deployment, cancellationToken).ConfigureAwait(false);
        return stored?.Scenario?.Scenario.RedundancyGroups.FirstOrDefault(g => g.Members.Contains(vm, StringComparer.Ordinal)) is { } group
            ? (null, $"{vm} is a unit of redundancy group {group.Name}, which only the elected controller manages: drain through the leader")
            : (null, null);
    }

    public Task RestoreAsync(UnitHandoverTicket ticket, string host, bool relaunch, CancellationToken cancellationToken) =>
        _current() is { } manager ? manager.RestoreAsync(ticket, host, relaunch, cancellationToken) : Task.CompletedTask;
}
