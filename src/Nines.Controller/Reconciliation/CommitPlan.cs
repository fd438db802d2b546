using Nines.Contracts.Model;

namespace Nines.Controller.Reconciliation;

/// <summary>Commit <paramref name="Plan"/> on the spec's revision; when it wins, append <paramref name="Events"/>.</summary>
internal sealed record CommitPlan(CommittedPlan Plan, IReadOnlyList<PlannedEvent> Events) : DeployAction;
