namespace Nines.Controller.Reconciliation;

/// <summary>Remove the deployment from each of <paramref name="Hosts"/> (all at once) and forget their observed records of it.</summary>
internal sealed record ClearHosts(IReadOnlyList<string> Hosts) : DeployAction;
