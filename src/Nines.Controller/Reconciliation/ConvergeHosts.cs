namespace Nines.Controller.Reconciliation;

/// <summary>Give each host its desired set (all at once) and keep the answers for the next <see cref="DeployPass.Compute"/>.</summary>
internal sealed record ConvergeHosts(IReadOnlyList<HostDesiredSet> Sets) : DeployAction;
