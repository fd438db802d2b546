using Nines.Contracts.Model;

namespace Nines.Controller.Reconciliation;

/// <summary>Write the operation's progress.</summary>
internal sealed record WriteOperation(Operation Operation) : DeployAction;
