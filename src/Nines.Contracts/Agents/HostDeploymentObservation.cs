namespace Nines.Contracts.Agents;

/// <summary>What a host observes of one deployment after a convergence pass.</summary>
/// <param name="Error">A deployment-level error (the scenario or the network plan), or null.</param>
/// <param name="Terminal">True when <paramref name="Error"/> (or a VM's) cannot go away by retrying.</param>
public sealed record HostDeploymentObservation(
    string DeploymentId,
    string Host,
    IReadOnlyList<VmObservation> Vms,
    string? Error = null,
    bool Terminal = false)
{
    /// <summary>Every VM runs, its guest is ready and configured, and nothing failed.</summary>
    public bool Converged => Error is null && Vms.All(v => v.Ready);
}
