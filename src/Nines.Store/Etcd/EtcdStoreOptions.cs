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
