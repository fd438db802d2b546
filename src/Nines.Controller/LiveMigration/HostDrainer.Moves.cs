using Nines.Contracts.Model;
using Nines.Controller.Repositories;
using Nines.Scheduling.Relocation;

namespace Nines.Controller.LiveMigration;

/// <summary>One VM off the drained host: a live migration, or for a unit of a redundancy group a switchover and a restart elsewhere.</summary>
public sealed partial class HostDrainer
{
    /// <summary>
    /// Moves one VM off the drained host, a service unit after its handover: live, else by restart; the outcome in
    /// words. A unit that cannot be handed over (no standby in service to take over) stays where it is.
    /// </summary>
    private async Task<Outcome> MoveAsync(string host, PlacedVm vm, CancellationToken cancellationToken)
    {
        var stored = await _deployments.GetAsync(vm.Deployment, cancellationToken).ConfigureAwait(false);
        if (stored?.Spec.Plan?.Placements.GetValueOrDefault(vm.Vm) != host)
        {
            return new Outcome(Kind.Moved, "no longer placed here");
        }

        if (await ChooseTargetAsync(host, cancellationToken).ConfigureAwait(false) is not { } target)
        {
            return new Outcome(Kind.Failed, "no schedulable host to move it to");
        }

        UnitHandoverTicket? ticket = null;
        if (_handover is not null)
        {
            (ticket, var refusal) = await _handover.ReleaseAsync(vm.Deployment, vm.Vm, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return new Outcome(Kind.Failed, $"not moved: it cannot be handed over ({refusal})");
            }
        }

        var outcome = await MoveOrRestartAsync(host, vm, stored, target, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return outcome;
        }

        // Back in service where it runs now (where it was, when the move failed: it still runs there).
        await _handover!.RestoreAsync(ticket, outcome.Kind == Kind.Failed ? host : target, outcome.Kind == Kind.Restarted, cancellationToken).ConfigureAwait(false);
        var switched = ticket.SwitchedOver.Count == 0 ? "a standby of " + ticket.Group : $"{string.Join(", ", ticket.SwitchedOver)} switched over to another unit of {ticket.Group}";
        return outcome with { Detail = $"{outcome.Detail}; {switched} first, a standby again after the move" };
    }

    private async Task<Outcome> MoveOrRestartAsync(string host, PlacedVm vm, StoredDeployment stored, string target, CancellationToken cancellationToken)
    {
        var start = await _migrations.StartAsync(stored, vm.Vm, target, cancellationToken).ConfigureAwait(false);
        if (start.Operation is { } operation)
        {
            await _migrations.WaitAsync(operation.Id).ConfigureAwait(false);
            var ended = await _migrations.GetOperationAsync(operation.Id, cancellationToken).ConfigureAwait(false);
            if (ended?.State == OperationState.COMPLETED)
            {
                return new Outcome(Kind.Moved, $"live-migrated to {target} ({operation.Id})");
            }

            if (ended?.Error?.Contains(nameof(Drivers.DriverCapabilities.LiveMigration), StringComparison.Ordinal) != true)
            {
                return new Outcome(Kind.Failed, $"the live migration to {target} failed: {ended?.Error}");
            }
        }
        else if (start.Error?.Contains("take live migrations", StringComparison.Ordinal) != true)
        {
            return new Outcome(Kind.Failed, start.Error ?? "refused");
        }

        return await RestartElsewhereAsync(vm, host, target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The VM cannot move live: its placement moves, so the reconciler stops it here and starts it on the target.</summary>
    private async Task<Outcome> RestartElsewhereAsync(PlacedVm vm, string host, string target, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var stored = await _deployments.GetAsync(vm.Deployment, cancellationToken).ConfigureAwait(false);
            if (stored?.Spec.Plan is not { } plan || plan.Placements.GetValueOrDefault(vm.Vm) != host)
            {
                return new Outcome(Kind.Moved, "no longer placed here");
            }

            var moved = MigrationPlanning.Relocate(plan, stored.Scenario!.Scenario, vm.Vm, target);
            if (await _deployments.CommitPlanAsync(stored, moved, cancellationToken).ConfigureAwait(false) is not null)
            {
                return new Outcome(Kind.Restarted, $"restarted on {target} (its driver cannot migrate live)");
            }
        }

        return new Outcome(Kind.Failed, "the deployment kept changing");
    }

    /// <summary>The schedulable host (registered, not drained, not <paramref name="host"/>) with the fewest VMs in all plans.</summary>
    private async Task<string?> ChooseTargetAsync(string host, CancellationToken cancellationToken)
    {
        var drained = (await _hosts.ListDrainedAsync(cancellationToken).ConfigureAwait(false)).Select(d => d.Host).ToHashSet(StringComparer.Ordinal);
        var candidates = (await _hosts.ListAsync(cancellationToken).ConfigureAwait(false)).Select(h => h.Name).Where(h => h != host && !drained.Contains(h)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var placements = (await _deployments.ListAsync(null, cancellationToken).ConfigureAwait(false)).SelectMany(d => d.Spec.Plan?.Placements.Values ?? []);
        return RelocationTarget.Choose(candidates, placements);
    }

    private async Task<List<PlacedVm>> VmsOnAsync(string host, CancellationToken cancellationToken) =>
        [.. (await _deployments.ListAsync(null, cancellationToken).ConfigureAwait(false))
            .Where(d => !d.Spec.Deleted && d.Spec.Plan is not null)
            .SelectMany(d => d.Spec.Plan!.Placements.Where(p => p.Value == host).Select(p => new PlacedVm(d.Ref, p.Key)))
            .OrderBy(v => v.Deployment.ToString(), StringComparer.Ordinal).ThenBy(v => v.Vm, StringComparer.Ordinal)];

    private sealed record PlacedVm(DeploymentRef Deployment, string Vm);

    private enum Kind
    {
        Moved,
        Restarted,
        Failed,
    }

    private sealed record Outcome(Kind Kind, string Detail);
}
