namespace Nines.Controller.Reconciliation;

/// <summary>Delete the host failure record at <paramref name="Key"/> (its host registered again).</summary>
internal sealed record ForgetHostFailure(string Key) : DeployAction;
