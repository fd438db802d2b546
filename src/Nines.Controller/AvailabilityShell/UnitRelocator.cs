using Nines.Availability.Redundancy;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.LiveMigration;
using Nines.Controller.Repositories;
using Nines.Scheduling.Relocation;

namespace Nines.Controller.AvailabilityShell;

/// <summary>
/// Where a given-up unit is instantiated again: its own VM is re-placed in the deployment's plan (compare-on-revision
/// commit) on a schedulable host outside the request's <see cref="InstantiationRequest.AvoidHosts"/>, preferring hosts
/// outside <see cref="InstantiationRequest.AvoidIfPossible"/> and then the host with the fewest VMs in all plans. The
/// reconciler then removes the VM from its old host and defines and starts it on the new one.
/// </summary>
internal sealed class UnitRelocator(DeploymentRepository deployments, HostRepository hosts)
{
    /// <summary>The host the VM is placed on now (moved there, or already there), or null with the reason none can take it.</summary>
    public async Task<(string? Host, string? Refusal)> RelocateAsync(DeploymentRef deployment, string vm, InstantiationRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var stored = await deployments.GetAsync(deployment, cancellationToken).ConfigureAwait(false);
            if (stored is not { Spec: { Deleted: false, Plan: { } plan }, Scenario: { } document } || !plan.Placements.TryGetValue(vm, out var current))
            {
                return (null, $"deployment {deployment} no longer places {vm}");
            }

            var drained = (await hosts.ListDrainedAsync(cancellationToken).ConfigureAwait(false)).Select(d => d.Host).ToHashSet(StringComparer.Ordinal);
            var candidates = (await hosts.ListAsync(cancellationToken).ConfigureAwait(false))
                .Select(h => h.Name)
                .Where(h => !drained.Contains(h) && !request.AvoidHosts.Contains(h))
                .ToList();
            if (candidates.Count == 0)
            {
                return (null, $"no schedulable host outside [{string.Join(", ", request.AvoidHosts)}] can take a replacement");
            }

            // The current host first when it is fine (a host-failure re-plan already moved the VM there): it stays.
            var placements = (await deployments.ListAsync(null, cancellationToken).ConfigureAwait(false)).SelectMany(d => d.Spec.Plan?.Placements.Values ?? []);
            var target = RelocationTarget.Choose(candidates, placements, new RelocationPreferences(request.AvoidIfPossible.ToHashSet(StringComparer.Ordinal), current))!;
            if (target == current)
            {
                return (current, null);
            }

            var moved = MigrationPlanning.Relocate(plan, document.Scenario, vm, target);
            if (await deployments.CommitPlanAsync(stored, moved, cancellationToken).ConfigureAwait(false) is not null)
            {
                return (target, null);
            }
        }

        return (null, $"deployment {deployment} kept changing while {vm} was re-placed");
    }
}
