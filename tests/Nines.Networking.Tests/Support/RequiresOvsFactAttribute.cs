using Nines.Testing;

namespace Nines.Networking.Tests.Support;

/// <summary>
/// A fact that needs Open vSwitch, iproute2, ping and root (network namespaces); skipped with the missing
/// piece named otherwise. eng/require.sh installs the packages on CI machines.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresOvsFactAttribute : FactAttribute
{
    public RequiresOvsFactAttribute()
    {
        var missing = new[] { "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovsdb-tool", "ovs-appctl", "ip", "ping", "sysctl" }
            .Where(tool => !OnPath(tool))
            .ToList();
        if (missing.Count > 0)
        {
            Skip = TestRequirements.SkipReason($"{string.Join(", ", missing)} not on PATH (eng/require.sh installs openvswitch-switch, iproute2, iputils-ping)");
        }
        else if (Environment.UserName != "root")
        {
            Skip = TestRequirements.SkipReason("network namespaces need root");
        }
    }

    internal static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
