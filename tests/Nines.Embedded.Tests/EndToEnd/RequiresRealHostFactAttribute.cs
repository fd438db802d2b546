using Nines.Testing;

namespace Nines.Embedded.Tests.EndToEnd;

/// <summary>
/// A fact that boots real guests on real Open vSwitch inside a network namespace: needs QEMU, Open vSwitch,
/// iproute2, ping, apt-get (to build the guest image when it is not cached) and root. Skipped with the missing piece
/// named on a developer's machine; never skipped where eng/test.sh installed everything.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresRealHostFactAttribute : FactAttribute
{
    public RequiresRealHostFactAttribute()
    {
        var missing = new[] { "qemu-system-x86_64", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovsdb-tool", "ovs-appctl", "ip", "ping", "sysctl", "apt-get" }
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
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
