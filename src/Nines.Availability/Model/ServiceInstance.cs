namespace Nines.Availability.Model;

/// <summary>A workload the group protects (AMF's service instance), assigned to units by the redundancy model.</summary>
/// <param name="Rank">Order in which instances get units when there are not enough (lower first).</param>
public sealed record ServiceInstance(string Name, int Rank = 0);
