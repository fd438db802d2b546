namespace Nines.Controller.Quotas;

/// <summary>The numeric limits in force for a tenant (every field resolved).</summary>
public sealed record QuotaLimits(int Vms, int Vcpus, long MemoryMiB, int Deployments, int Vlans, long ImageBytes);
