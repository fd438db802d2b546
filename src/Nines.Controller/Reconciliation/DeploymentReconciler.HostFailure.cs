using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;
using Nines.Store;

namespace Nines.Controller.Reconciliation;

/// <summary>
/// Host failure: a plan host whose registration lease is gone is declared failed (a <see cref="HostFailure"/> record
/// and a <c>HostFailed</c> event) with a fencing deadline computed from the host's own <see cref="HostFencingContract"/>;
/// once the deadline has passed its VMs are re-planned onto the remaining hosts (other placements kept) and converged
/// there. A host that registers again is no longer failed.
/// </summary>
public sealed partial class DeploymentReconciler
{
    /// <summary>When this controller last saw each host alive (fed by the controller's host watch); null for "never".</summary>
    public HostLiveness? Liveness { get; init; }

    /// <summary>
    /// Null when every plan host is registered. Otherwise waits for the missing hosts' fencing deadlines (a requeue
    /// at the latest one), then re-plans their VMs elsewhere (a requeue at once, which deploys the new plan).
    /// </summary>
    private async Task<ReconcileResult?> HandleMissingHostsAsync(
        StoredDeployment stored, IReadOnlyList<string> planHosts, IReadOnlyDictionary<string, HostRecord> registered, CancellationToken cancellationToken)
    {
        await ForgetRecoveredHostsAsync(registered, cancellationToken).ConfigureAwait(false);
        var missing = planHosts.Where(h => !registered.ContainsKey(h)).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var latest = DateTimeOffset.MinValue;
        foreach (var host in missing)
        {
            var failure = await DeclareFailedAsync(stored, host, now, cancellationToken).ConfigureAwait(false);
            latest = failure.FenceDeadline > latest ? failure.FenceDeadline : latest;
        }

        if (now < latest)
        {
            return ReconcileResult.Requeue(latest - now);
        }

        var moved = stored.Spec.Plan!.Placements.Where(p => missing.Contains(p.Value, StringComparer.Ordinal)).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        await EmitAsync(
            EventSeverity.Warning,
            "HostFenced",
            stored.Ref.ToString(),
            "FenceDeadlinePassed",
            $"the fencing deadline of {Names(missing)} has passed, so its VMs cannot be running there any more: re-planning {string.Join(", ", moved)} onto the remaining hosts",
            cancellationToken).ConfigureAwait(false);

        // PlanAsync keeps every placement on a registered host and places the rest.
        await PlanAsync(stored, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Requeue(TimeSpan.Zero);
    }

    private async Task<HostFailure> DeclareFailedAsync(StoredDeployment stored, string host, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var store = _deployments.Store;
        if (await store.GetJsonAsync<HostFailure>(HostFailure.Key(host), ControlPlaneJson.Options, cancellationToken).ConfigureAwait(false) is { } known)
        {
            return known;
        }

        var contract = await store.GetJsonAsync<HostFencingContract>(HostFencingContract.Key(host), ControlPlaneJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new TransientDeploymentException($"host \"{host}\" of the plan is not registered (its agent is down?) and does not fence itself: its VMs wait for it");
        var lastSeen = Liveness?.LastSeen(host);
        var failure = new HostFailure(host, now, HostFailurePolicy.FenceDeadline(contract, lastSeen, now), "LeaseExpired");
        await store.PutJsonAsync(HostFailure.Key(host), failure, options: ControlPlaneJson.Options, cancellationToken: cancellationToken).ConfigureAwait(false);
        var vms = stored.Spec.Plan!.Placements.Where(p => p.Value == host).Select(p => p.Key).Order(StringComparer.Ordinal);
        var since = lastSeen is { } seen && seen < now ? $"last seen alive {(now - seen).TotalSeconds:0.0##} s ago" : "never seen alive by this controller";
        await EmitAsync(
            EventSeverity.Warning,
            "HostFailed",
            host,
            failure.Reason,
            $"host {host} lost its registration lease ({since}); it fences itself within its lease TTL ({contract.LeaseTtl.TotalSeconds:0.###} s), so its VMs ({string.Join(", ", vms)} of {stored.Ref}) restart elsewhere after {failure.FenceDeadline:HH:mm:ss.fff} (TTL + {contract.FenceMargin.TotalSeconds:0.###} s margin)",
            cancellationToken).ConfigureAwait(false);
        return failure;
    }

    private async Task ForgetRecoveredHostsAsync(IReadOnlyDictionary<string, HostRecord> registered, CancellationToken cancellationToken)
    {
        var store = _deployments.Store;
        var failures = await store.RangeAsync(HostFailure.Prefix, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var entry in failures.Entries)
        {
            var failure = entry.ValueAsJson<HostFailure>(ControlPlaneJson.Options);
            if (failure is not null && registered.ContainsKey(failure.Host))
            {
                await store.DeleteAsync(entry.Key, cancellationToken).ConfigureAwait(false);
                await EmitAsync(EventSeverity.Normal, "HostRecovered", failure.Host, null, $"host {failure.Host} is registered again (it fenced its VMs when it lost its lease)", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The VLANs of the plan being replaced when it is re-planned for the same generation (a failed host's VMs moving):
    /// hosts that keep running the deployment already carry those tags, so they must not change.
    /// </summary>
    private static IReadOnlyDictionary<string, int>? PreviousVlans(StoredDeployment stored) =>
        stored.Spec.HasCurrentPlan ? stored.Spec.Plan!.Vlans : null;

    /// <summary>Networks that had a VLAN keep it; networks newly spanning hosts get the fresh ids (chosen outside the kept ones).</summary>
    private static Dictionary<string, int> KeepVlans(Dictionary<string, int> fresh, IReadOnlyDictionary<string, int>? previous) =>
        previous is null
            ? fresh
            : fresh.ToDictionary(p => p.Key, p => previous.TryGetValue(p.Key, out var kept) ? kept : p.Value, StringComparer.Ordinal);

    private static string Names(IReadOnlyList<string> hosts) => hosts.Count == 1 ? $"host {hosts[0]}" : $"hosts {string.Join(", ", hosts)}";
}
