namespace Nines.Controller.Reconciliation;

/// <summary>Write a host failure record.</summary>
internal sealed record RecordHostFailure(HostFailure Failure) : DeployAction;
