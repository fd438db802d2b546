using Nines.Testing;

namespace Nines.Drivers.Container.Tests.Support;

/// <summary>A fact that needs root (namespaces, cgroups, mounts), util-linux and crun; skipped with the reason otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresRootFactAttribute : FactAttribute
{
    public RequiresRootFactAttribute()
    {
        if (Environment.UserName != "root")
        {
            Skip = TestRequirements.SkipReason("namespaces, cgroups and mounts need root");
        }
        else if (!File.Exists("/usr/bin/unshare") || !File.Exists("/usr/bin/nsenter"))
        {
            Skip = TestRequirements.SkipReason("util-linux unshare and nsenter are needed (eng/require.sh installs util-linux)");
        }
        else if (ContainerDriverFactory.FindRuntime("crun") is null)
        {
            Skip = TestRequirements.SkipReason("the OCI runtime crun is needed (eng/require.sh installs crun)");
        }
    }
}
