namespace Nines.Domain.Clusters;

/// <summary>
/// The hosts a scenario can be spread over and the VLAN ids cross-host networks may use
/// (EDIV <c>cluster.conf</c> or native YAML).
/// </summary>
/// <param name="DefaultAlgorithm">The partitioner used when the user names none (EDIV <c>default_segmentation</c>).</param>
public sealed record ClusterSpec(
    ValueList<HostSpec> Hosts,
    VlanRange Vlans,
    string? DefaultAlgorithm = null,
    string? ManagementNetwork = null,
    int? ManagementPrefixLength = null)
{
    public HostSpec? FindHost(string name) => Hosts.FirstOrDefault(h => h.Name == name);
}
