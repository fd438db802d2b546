using Nines.Contracts.Model;
using Nines.Controller.Repositories;

namespace Nines.Controller.Reconciliation;

/// <summary>
/// Host failure: a plan host whose registration lease is gone is declared failed (a <see cref="HostFailure"/> record and a
/// <c>HostFailed</c> event) with a fencing deadline computed from the host's own <see cref="HostFencingContract"/>; once
/// the deadline has passed its VMs are re-planned onto the remaining hosts (other placements kept). A host that registers
/// again is no longer failed.
/// </summary>
internal sealed partial class DeployPass
{
    private static IEnumerable<DeployAction> ForgetRecoveredHosts(DeployObserved observed, IReadOnlySet<string> registered)
    {
        foreach (var (key, failure) in observed.HostFailures.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (registered.Contains(failure.Host))
            {
                yield return new ForgetHostFailure(key);
                yield return new EmitEvent(new PlannedEvent(EventSeverity.Normal, "HostRecovered", failure.Host, null, $"host {failure.Host} is registered again (it fenced its VMs when it lost its lease)"));
            }
        }
    }

    /// <summary>
    /// Null when every plan host is registered. Otherwise waits for the missing hosts' fencing deadlines (a requeue at the
    /// latest one), then re-plans their VMs elsewhere (a requeue at once, which deploys the new plan).
    /// </summary>
    private DeployActions? HandleMissingHosts(StoredDeployment stored, DeployObserved observed, IReadOnlySet<string> registered, List<DeployAction> steps, DateTimeOffset now)
    {
        var plan = stored.Spec.Plan!;
        var missing = plan.Hosts.Where(h => !registered.Contains(h)).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var latest = DateTimeOffset.MinValue;
        foreach (var host in missing)
        {
            if (observed.HostFailures.GetValueOrDefault(HostFailure.Key(host)) is not { } failure)
            {
                if (observed.FencingContracts.GetValueOrDefault(host) is not { } contract)
                {
                    return DeployActions.Fail(steps, DeployFailure.Transient($"host \"{host}\" of the plan is not registered (its agent is down?) and does not fence itself: its VMs wait for it"));
                }

                var lastSeen = observed.LastSeen.TryGetValue(host, out var seen) ? seen : (DateTimeOffset?)null;
                failure = new HostFailure(host, now, HostFailurePolicy.FenceDeadline(contract, lastSeen, now), "LeaseExpired");
                steps.Add(new RecordHostFailure(failure));
                steps.Add(new EmitEvent(HostFailed(stored, failure, contract, lastSeen, now)));
            }

            latest = failure.FenceDeadline > latest ? failure.FenceDeadline : latest;
        }

        if (now < latest)
        {
            return DeployActions.Requeue(steps, latest - now);
        }

        var moved = plan.Placements.Where(p => missing.Contains(p.Value, StringComparer.Ordinal)).Select(p => p.Key).Order(StringComparer.Ordinal);
        steps.Add(new EmitEvent(new PlannedEvent(
            EventSeverity.Warning,
            "HostFenced",
            stored.Ref.ToString(),
            "FenceDeadlinePassed",
            $"the fencing deadline of {Names(missing)} has passed, so its VMs cannot be running there any more: re-planning {string.Join(", ", moved)} onto the remaining hosts")));

        // Placing keeps every placement on a registered host and places the rest; the next pass deploys the new plan.
        var placed = Place(stored, observed, now);
        if (placed.Failure is { } failed)
        {
            return DeployActions.Fail(steps, failed);
        }

        steps.Add(placed.Commit!);
        return DeployActions.Requeue(steps, TimeSpan.Zero);
    }

    private static PlannedEvent HostFailed(StoredDeployment stored, HostFailure failure, HostFencingContract contract, DateTimeOffset? lastSeen, DateTimeOffset now)
    {
        var host = failure.Host;
        var vms = stored.Spec.Plan!.Placements.Where(p => p.Value == host).Select(p => p.Key).Order(StringComparer.Ordinal);
        var since = lastSeen is { } seen && seen < now ? $"last seen alive {(now - seen).TotalSeconds:0.0##} s ago" : "never seen alive by this controller";
        return new PlannedEvent(
            EventSeverity.Warning,
            "HostFailed",
            host,
            failure.Reason,
            $"host {host} lost its registration lease ({since}); it fences itself within its lease TTL ({contract.LeaseTtl.TotalSeconds:0.###} s), so its VMs ({string.Join(", ", vms)} of {stored.Ref}) restart elsewhere after {failure.FenceDeadline:HH:mm:ss.fff} (TTL + {contract.FenceMargin.TotalSeconds:0.###} s margin)");
    }

    private static string Names(IReadOnlyList<string> hosts) => hosts.Count == 1 ? $"host {hosts[0]}" : $"hosts {string.Join(", ", hosts)}";
}
