using Nines.Domain;
using Nines.Domain.Clusters;

namespace Nines.Cli.Commands;

/// <summary>The cluster used when none is given: this machine, as one host with its own memory and CPUs.</summary>
internal static class LocalCluster
{
    public static ClusterSpec Describe()
    {
        var memoryMiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
        var host = new HostSpec(Environment.MachineName, "127.0.0.1", memoryMiB, Vcpus: null);
        return new ClusterSpec(ValueList.Of(host), new VlanRange(1000, 1999));
    }
}
