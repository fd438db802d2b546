using Nines.Contracts.Model;

namespace Nines.Controller.Reconciliation;

/// <summary>Write one VM's observed record.</summary>
internal sealed record WriteVm(VmObserved Vm) : DeployAction;
