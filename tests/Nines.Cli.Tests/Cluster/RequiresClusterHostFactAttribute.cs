using Nines.Testing;

namespace Nines.Cli.Tests.Cluster;

/// <summary>
/// A fact that runs a cluster of namespace hosts on this machine: etcd, QEMU, Open vSwitch, iproute2, ping and root.
/// Skipped with the missing piece named on a developer's machine; never skipped where eng/test.sh installed everything.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresClusterHostFactAttribute : FactAttribute
{
    public RequiresClusterHostFactAttribute()
    {
        var missing = new[] { "qemu-system-x86_64", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovsdb-tool", "ovs-appctl", "ip", "ping", "apt-get" }
            .Where(tool => !OnPath(tool))
            .ToList();
        if (missing.Count > 0)
        {
            Skip = TestRequirements.SkipReason($"{string.Join(", ", missing)} not on PATH (eng/require.sh installs qemu-system-x86, openvswitch-switch, iproute2, iputils-ping)");
        }
        else if (Environment.UserName != "root")
        {
            Skip = TestRequirements.SkipReason("network namespaces and taps need root");
        }
        else if (CliCluster.Missing is { } etcd)
        {
            Skip = etcd;
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
