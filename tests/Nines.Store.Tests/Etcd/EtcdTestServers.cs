using Nines.Store.Etcd;
using Nines.Testing;
using Nines.Testing.Etcd;

namespace Nines.Store.Tests.Etcd;

/// <summary>Real etcd members for tests, with their data in RAM when possible.</summary>
public static class EtcdTestServers
{
    private static readonly string? _dataRoot = Directory.Exists("/dev/shm") ? "/dev/shm" : null;

    /// <summary>Why etcd tests cannot run here, or null when etcd is installed.</summary>
    public static string? Missing { get; } = EtcdServer.FindBinary() is null
        ? "etcd not installed (eng/require.sh installs Debian's etcd-server)"
        : null;

    /// <summary>
    /// One member: short Raft ticks, so it elects itself in about 0.1 s and its minimum lease TTL is 1 s. A lone
    /// member cannot lose its leadership, so ticks this short are safe even on a loaded machine.
    /// </summary>
    public static EtcdServerOptions SingleMember { get; } = new()
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(20),
        ElectionTimeout = TimeSpan.FromMilliseconds(200),
        DataRoot = _dataRoot,
    };

    /// <summary>A cluster: etcd's default timings, so a busy test machine does not cause spurious elections.</summary>
    public static EtcdServerOptions Cluster { get; } = new() { DataRoot = _dataRoot };

    public static Task<EtcdServer> StartAsync() => EtcdServer.StartAsync(SingleMember);

    public static Task<EtcdCluster> StartClusterAsync(int members) => EtcdCluster.StartAsync(members, Cluster);

    /// <summary>One member serving TLS only to clients with a certificate from <paramref name="security"/>'s CA.</summary>
    public static Task<EtcdServer> StartSecuredAsync(EtcdTestSecurity security, TimeSpan? authTokenTtl = null) =>
        EtcdServer.StartAsync(new EtcdServerOptions
        {
            HeartbeatInterval = SingleMember.HeartbeatInterval,
            ElectionTimeout = SingleMember.ElectionTimeout,
            DataRoot = _dataRoot,
            Tls = new EtcdServerTls(security.ServerCertificateFile, security.ServerKeyFile, security.AuthorityFile),
            AuthTokenTtl = authTokenTtl,
        });

    public static EtcdStateStore Connect(IReadOnlyList<Uri> endpoints, string? keyPrefix = null) =>
        EtcdStateStore.Connect(new EtcdStoreOptions { Endpoints = endpoints, KeyPrefix = keyPrefix });
}

/// <summary>A fact that needs the etcd binary; skipped with the reason elsewhere, failing in strict (CI) runs.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresEtcdFactAttribute : FactAttribute
{
    public RequiresEtcdFactAttribute()
    {
        if (EtcdTestServers.Missing is { } missing)
        {
            Skip = TestRequirements.SkipReason(missing);
        }
    }
}
