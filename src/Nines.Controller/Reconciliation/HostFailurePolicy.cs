using Nines.Contracts.Model;

namespace Nines.Controller.Reconciliation;

/// <summary>The pure decision: when may a failed host's VMs run elsewhere.</summary>
public static class HostFailurePolicy
{
    /// <summary>
    /// The fencing deadline: the last time the controller saw the host renew (its record written after a renewal the
    /// agent counts from), else the detection, plus the lease TTL and the margin. The agent fences by
    /// <c>renewal + TTL − margin</c>, so the deadline leaves two margins for its destroy calls to finish.
    /// </summary>
    public static DateTimeOffset FenceDeadline(HostFencingContract contract, DateTimeOffset? lastSeenAlive, DateTimeOffset detectedAt)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var from = lastSeenAlive is { } seen && seen < detectedAt ? seen : detectedAt;
        return from + contract.LeaseTtl + contract.FenceMargin;
    }
}
