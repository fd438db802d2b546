using Nines.Contracts.Model;

namespace Nines.Controller.Reconciliation;

/// <summary>What the controller sees when a deploy pass begins (<see cref="DeployPass.Compute"/>).</summary>
/// <param name="Hosts">The registered hosts, in the registry's order (read again once the plan's hosts have answered).</param>
/// <param name="Drained">The hosts with a drain mark (never in a new plan).</param>
/// <param name="Status">The status recorded before this pass (only the reconciler writes it).</param>
/// <param name="HostFailures">The host failures declared so far, by store key.</param>
/// <param name="FencingContracts">The fencing contract of each plan host that is not registered, when it wrote one.</param>
/// <param name="LastSeen">When this controller last saw each plan host that is not registered alive, when it did.</param>
internal sealed record DeployObserved(
    IReadOnlyList<HostRecord> Hosts,
    IReadOnlySet<string> Drained,
    DeploymentStatus? Status,
    IReadOnlyDictionary<string, HostFailure> HostFailures,
    IReadOnlyDictionary<string, HostFencingContract> FencingContracts,
    IReadOnlyDictionary<string, DateTimeOffset> LastSeen)
{
    /// <summary>What this pass's converge calls brought back; null until the pass has converged the plan's hosts.</summary>
    public ConvergeReport? Converged { get; init; }

    /// <summary>Nothing but the registered hosts (a deployment whose spec is gone).</summary>
    public static DeployObserved OnlyHosts(IReadOnlyList<HostRecord> hosts) =>
        new(hosts, new HashSet<string>(StringComparer.Ordinal), null, new Dictionary<string, HostFailure>(), new Dictionary<string, HostFencingContract>(), new Dictionary<string, DateTimeOffset>());
}
