using System.Globalization;
using System.Text;
using Nines.Domain.Clusters;
using Nines.Scenarios.Values;

namespace Nines.Scenarios.Clusters;

/// <summary>
/// Writes a <see cref="ClusterSpec"/> as native cluster YAML, in the form <see cref="NativeClusterReader"/>
/// reads back to an equal spec (so <c>nines convert</c> can turn an EDIV cluster.conf into YAML).
/// </summary>
public static class NativeClusterWriter
{
    /// <summary>The YAML text; optional values left at their defaults are omitted.</summary>
    public static string Write(ClusterSpec cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var yaml = new StringBuilder();
        Line(yaml, $"vlans: {{first: {Number(cluster.Vlans.First)}, last: {Number(cluster.Vlans.Last)}}}");
        if (cluster.DefaultAlgorithm is { } algorithm)
        {
            Line(yaml, $"default_algorithm: {YamlScalar.Quote(algorithm)}");
        }

        if (cluster.ManagementNetwork is { } network)
        {
            var prefix = cluster.ManagementPrefixLength is { } length ? "/" + Number(length) : string.Empty;
            Line(yaml, $"management_network: {YamlScalar.Quote(network + prefix)}");
        }

        Line(yaml, "hosts:");
        foreach (var host in cluster.Hosts)
        {
            WriteHost(yaml, host);
        }

        return yaml.ToString();
    }

    private static void WriteHost(StringBuilder yaml, HostSpec host)
    {
        Line(yaml, $"  - name: {YamlScalar.Quote(host.Name)}");
        if (host.Address is { } address)
        {
            Line(yaml, $"    address: {YamlScalar.Quote(address)}");
        }

        Line(yaml, $"    memory: {SizeText.Format(host.MemoryMiB, SizeText.MiB)}");
        Line(yaml, $"    cpu: {Number(host.CpuSpeed)}");
        Line(yaml, $"    max_vms: {Number(host.MaxVms)}");
        if (host.Vcpus is { } vcpus)
        {
            Line(yaml, $"    vcpus: {Number(vcpus)}");
        }

        if (host.TrunkInterface is { } trunk)
        {
            Line(yaml, $"    trunk: {YamlScalar.Quote(trunk)}");
        }

        if (host.Load != 0)
        {
            // "R" round-trips the double exactly.
            Line(yaml, $"    load: {host.Load.ToString("R", CultureInfo.InvariantCulture)}");
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder yaml, string line) => yaml.Append(line).Append('\n');
}
