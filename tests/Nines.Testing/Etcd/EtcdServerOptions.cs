namespace Nines.Testing.Etcd;

/// <summary>How <see cref="EtcdServer"/> and <see cref="EtcdCluster"/> start etcd.</summary>
public sealed class EtcdServerOptions
{
    /// <summary>The etcd binary (default: <c>etcd</c> on PATH, else /usr/bin/etcd as Debian's etcd-server installs it).</summary>
    public string? BinaryPath { get; init; }

    /// <summary>
    /// Raft heartbeat (default 100 ms, etcd's default). Short timings make leader elections and the minimum
    /// lease TTL (1.5 election timeouts, rounded up to a second) short, which tests want.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Raft election timeout (default 1 s, etcd's default; at least 5 heartbeats).</summary>
    public TimeSpan ElectionTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a member may take to answer /health after it starts (default 20 s).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Where the member's data directories go (default: the system temp folder). /dev/shm makes fsync free.</summary>
    public string? DataRoot { get; init; }

    /// <summary>etcd's space quota (<c>--quota-backend-bytes</c>; default: etcd's 2 GiB). Past it etcd raises NOSPACE and refuses writes.</summary>
    public long? QuotaBackendBytes { get; init; }

    /// <summary>
    /// Serve clients over TLS (https client URL) with this certificate; with a client authority, only clients
    /// showing a certificate it signed get in (<c>--client-cert-auth</c>). Null: plain http.
    /// </summary>
    public EtcdServerTls? Tls { get; init; }

    /// <summary>How long an unused authentication token lives (<c>--auth-token-ttl</c>; default etcd's 300 s).</summary>
    public TimeSpan? AuthTokenTtl { get; init; }

    /// <summary>Options for tests and benchmarks: 50 ms heartbeats and 500 ms elections, so the minimum lease TTL is 1 s.</summary>
    public static EtcdServerOptions Fast() => new()
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(50),
        ElectionTimeout = TimeSpan.FromMilliseconds(500),
    };
}

/// <summary>The PEM files an <see cref="EtcdServer"/> serves TLS with.</summary>
/// <param name="CertificateFile">The server certificate (it must name 127.0.0.1).</param>
/// <param name="KeyFile">Its private key.</param>
/// <param name="ClientAuthorityFile">When set, the CA client certificates must chain to (<c>--client-cert-auth</c>).</param>
public sealed record EtcdServerTls(string CertificateFile, string KeyFile, string? ClientAuthorityFile = null);
