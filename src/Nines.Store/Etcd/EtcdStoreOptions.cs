using System.Security.Cryptography.X509Certificates;

namespace Nines.Store.Etcd;

/// <summary>How <see cref="EtcdStateStore.Connect"/> reaches etcd.</summary>
public sealed class EtcdStoreOptions
{
    /// <summary>
    /// Client URLs of the cluster's members (http://host:2379). Requests go to one; when it cannot be reached
    /// the next is tried, so the store survives a member restart.
    /// </summary>
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>
    /// Prepended to every key and stripped from every key read, so several stores (or test cases) can share a
    /// cluster without seeing each other's keys. Revisions stay cluster-wide.
    /// </summary>
    public string? KeyPrefix { get; init; }

    /// <summary>How long one request may take before it counts as failed (default 5 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long connecting to one endpoint may take before the next is tried (default 2 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a watch keeps trying to reconnect when no endpoint answers before it fails (default 30 s).</summary>
    public TimeSpan WatchReconnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for timeouts and reconnect back-off (default: the system clock). Lease expiry is etcd's own clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>
    /// The certificate authorities that sign the members' server certificates (https endpoints). Null: the
    /// system's trust store. When set, only these roots are trusted and the certificate must name the host.
    /// </summary>
    public X509Certificate2Collection? TrustedAuthorities { get; init; }

    /// <summary>The client certificate, with its private key, shown to members that require one (etcd <c>--client-cert-auth</c>).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// etcd's user and password when the cluster has authentication enabled: the store asks for a token
    /// once and again when etcd says it expired. Null: no authentication.
    /// </summary>
    public EtcdCredentials? Credentials { get; init; }

    /// <summary>Every problem with these options, each naming its field; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Endpoints is null || Endpoints.Count == 0)
        {
            errors.Add("EtcdStoreOptions.Endpoints: expected at least one client URL such as http://127.0.0.1:2379");
        }
        else
        {
            for (var i = 0; i < Endpoints.Count; i++)
            {
                var endpoint = Endpoints[i];
                if (endpoint is null || !endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                {
                    errors.Add($"EtcdStoreOptions.Endpoints[{i}]: '{endpoint}' is not an absolute http:// or https:// URL");
                }
            }
        }

        if ((TrustedAuthorities is not null || ClientCertificate is not null) && Endpoints is { Count: > 0 } && Endpoints.Any(e => e is not null && e.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("EtcdStoreOptions.Endpoints: TrustedAuthorities and ClientCertificate are for TLS; every endpoint must be https://");
        }

        if (ClientCertificate is { HasPrivateKey: false })
        {
            errors.Add($"EtcdStoreOptions.ClientCertificate: '{ClientCertificate.Subject}' has no private key");
        }

        if (Credentials is { } credentials)
        {
            if (string.IsNullOrEmpty(credentials.User) || credentials.User.Any(char.IsControl))
            {
                errors.Add("EtcdStoreOptions.Credentials.User: expected a non-empty etcd user name without control characters");
            }

            if (string.IsNullOrEmpty(credentials.Password))
            {
                errors.Add("EtcdStoreOptions.Credentials.Password: expected a non-empty password");
            }
        }

        CheckPositive(errors, RequestTimeout, nameof(RequestTimeout));
        CheckPositive(errors, ConnectTimeout, nameof(ConnectTimeout));
        CheckPositive(errors, WatchReconnectTimeout, nameof(WatchReconnectTimeout));
        return errors;
    }

    private static void CheckPositive(List<string> errors, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"EtcdStoreOptions.{name}: {value} must be positive");
        }
    }
}
