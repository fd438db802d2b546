using Nines.Domain;

namespace Nines.Scheduling;

/// <summary>The VLAN that carries a network between the hosts its VMs landed on.</summary>
public sealed record VlanAssignment(string Network, int Vlan, ValueList<string> Hosts);
