using Nines.Testing;

namespace Nines.VnfStateMigration.Tests;

/// <summary>A fact that creates network namespaces and veths: needs root and iproute2. Never skipped where eng/test.sh installed everything.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresNetworkNamespacesFactAttribute : FactAttribute
{
    public RequiresNetworkNamespacesFactAttribute()
    {
        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip") && !File.Exists("/bin/ip"))
        {
            Skip = TestRequirements.SkipReason("ip (iproute2) not installed");
        }
        else if (Environment.UserName != "root")
        {
            Skip = TestRequirements.SkipReason("network namespaces need root");
        }
    }
}
