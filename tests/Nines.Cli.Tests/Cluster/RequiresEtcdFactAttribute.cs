namespace Nines.Cli.Tests.Cluster;

/// <summary>A fact that starts a real etcd member; skipped with the reason where etcd is missing, failing in strict (CI) runs.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresEtcdFactAttribute : FactAttribute
{
    public RequiresEtcdFactAttribute()
    {
        if (CliCluster.Missing is { } missing)
        {
            Skip = missing;
        }
    }
}
