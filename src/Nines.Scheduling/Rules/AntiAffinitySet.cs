namespace Nines.Scheduling.Rules;

/// <summary>One anti-affinity rule over units; <see cref="Vms"/> are its member VMs, for messages.</summary>
internal sealed record AntiAffinitySet(int[] Units, int[] Vms, Citation Citation);
