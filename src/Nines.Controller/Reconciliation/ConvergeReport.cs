namespace Nines.Controller.Reconciliation;

/// <summary>What the converge calls of a pass brought back, and what the store says after them.</summary>
/// <param name="Reports">Each converged host's answer, in the order of the calls.</param>
/// <param name="CurrentRevision">The spec's revision read after the calls (null: the spec is gone).</param>
/// <param name="HostsWithRecords">The registered hosts outside the plan that still hold an observed record of one of its VMs.</param>
internal sealed record ConvergeReport(IReadOnlyList<HostReport> Reports, long? CurrentRevision, IReadOnlySet<string> HostsWithRecords);
