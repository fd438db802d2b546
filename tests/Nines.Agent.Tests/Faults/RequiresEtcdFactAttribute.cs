using Nines.Testing;
using Nines.Testing.Etcd;

namespace Nines.Agent.Tests.Faults;

/// <summary>A fact that needs the etcd binary (Debian etcd-server); skipped with the reason elsewhere, failing in strict (CI) runs.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresEtcdFactAttribute : FactAttribute
{
    public RequiresEtcdFactAttribute()
    {
        if (EtcdServer.FindBinary() is null)
        {
            Skip = TestRequirements.SkipReason("etcd not installed (eng/require.sh installs Debian's etcd-server)");
        }
    }
}

/// <summary>A theory that needs the etcd binary, skipped or failing as <see cref="RequiresEtcdFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresEtcdTheoryAttribute : TheoryAttribute
{
    public RequiresEtcdTheoryAttribute()
    {
        if (EtcdServer.FindBinary() is null)
        {
            Skip = TestRequirements.SkipReason("etcd not installed (eng/require.sh installs Debian's etcd-server)");
        }
    }
}
