namespace Nines.Controller.Reconciliation;

/// <summary>One step of a deploy pass; the closed set below.</summary>
internal abstract record DeployAction;
