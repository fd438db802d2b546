using Nines.Availability.Model;
using Nines.Contracts.Model;
using Nines.Controller.LiveMigration;

namespace Nines.Controller.AvailabilityShell;

/// <summary>A host drain's handover of service units: switch over, lock, move (the drainer), unlock where it runs.</summary>
public sealed partial class AvailabilityManager : IUnitHandover
{
    public async Task<(UnitHandoverTicket? Ticket, string? Error)> ReleaseAsync(DeploymentRef deployment, string vm, CancellationToken cancellationToken)
    {
        var group = _groups.Values.FirstOrDefault(g => g.Deployment == deployment && g.Engine.Group.FindUnit(vm) is not null);
        if (group is null)
        {
            return (null, null);
        }

        var switched = new List<string>();
        foreach (var instance in group.Engine.Group.AssignmentsOf(vm).Where(a => a.State == HaState.Active).Select(a => a.Instance).ToList())
        {
            var outcome = group.RequestSwitchover(instance);
            if (outcome.HasNotes)
            {
                LogHandoverRefused(deployment.Tenant, deployment.Name, group.Name, vm, group.VmIds.GetValueOrDefault(vm) ?? string.Empty, string.Join("; ", outcome.Notes));
                return (null, $"{group.Name}: {string.Join("; ", outcome.Notes)}");
            }

            LogSwitchoverRequested(deployment.Tenant, deployment.Name, group.Name, vm, group.VmIds.GetValueOrDefault(vm) ?? string.Empty, instance);

            switched.Add(instance);
        }

        // The service confirms its quiesce (nothing in flight), then the engine hands over and makes it a standby.
        var deadline = _time.GetUtcNow() + _options.HandoverTimeout;
        while (group.Engine.Group.AssignmentsOf(vm).Any(a => a.State != HaState.Standby))
        {
            if (_time.GetUtcNow() > deadline)
            {
                var holding = string.Join(", ", group.Engine.Group.AssignmentsOf(vm).Select(a => $"{a.State} for {a.Instance}"));
                LogHandoverRefused(deployment.Tenant, deployment.Name, group.Name, vm, group.VmIds.GetValueOrDefault(vm) ?? string.Empty, $"the switchover did not finish in time ({holding})");
                return (null, $"{group.Name}: the switchover of {string.Join(", ", switched)} did not finish within {_options.HandoverTimeout.TotalSeconds:0.#} s ({vm} is {holding})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken).ConfigureAwait(false);
        }

        var locked = group.LockUnit(vm);
        var vmId = group.VmIds.GetValueOrDefault(vm) ?? string.Empty;
        if (locked.Notes.FirstOrDefault(n => n.StartsWith("lock refused", StringComparison.Ordinal)) is { } refusal)
        {
            LogHandoverRefused(deployment.Tenant, deployment.Name, group.Name, vm, vmId, refusal);
            return (null, $"{group.Name}: {refusal}");
        }

        LogUnitLocked(deployment.Tenant, deployment.Name, group.Name, vm, vmId);
        return (new UnitHandoverTicket(deployment, group.Name, vm, switched), null);
    }

    public async Task RestoreAsync(UnitHandoverTicket ticket, string host, bool relaunch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);

        // A group no longer managed (its deployment changed) starts again from what runs: nothing to unlock.
        if (Find(ticket.Deployment, ticket.Group)?.Applier is { } applier)
        {
            await applier.BringBackAsync(ticket.Unit, host, relaunch, cancellationToken).ConfigureAwait(false);
        }
    }
}
