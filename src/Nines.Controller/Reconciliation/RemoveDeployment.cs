using Nines.Contracts.Model;

namespace Nines.Controller.Reconciliation;

/// <summary>Delete spec and status and write <paramref name="Completed"/> in one transaction; when it wins, append <paramref name="Removed"/>.</summary>
internal sealed record RemoveDeployment(Operation Completed, PlannedEvent Removed) : DeployAction;
