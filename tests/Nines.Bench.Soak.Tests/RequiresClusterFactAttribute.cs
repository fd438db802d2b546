using Nines.Testing;
using Nines.Testing.Etcd;

namespace Nines.Bench.Soak.Tests;

/// <summary>A fact that runs the soak's cluster (etcd, a root-made namespace testbed); skipped with the reason elsewhere, never in strict (CI) runs.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresClusterFactAttribute : FactAttribute
{
    public RequiresClusterFactAttribute()
    {
        var missing = EtcdServer.FindBinary() is null ? "etcd not installed (eng/require.sh installs Debian's etcd-server)"
            : Environment.UserName != "root" ? "the testbed's network namespaces need root"
            : null;
        if (TestRequirements.SkipReason(missing) is { } reason)
        {
            Skip = reason;
        }
    }
}
