using System.Text.Json.Serialization;

namespace Nines.Store.Etcd;

internal sealed class EtcdLeaseResponse
{
    public EtcdHeader? Header { get; set; }

    [JsonPropertyName("ID")]
    public long Id { get; set; }

    /// <summary>Seconds; absent (0) from a keep-alive of an unknown lease, -1 from time-to-live.</summary>
    [JsonPropertyName("TTL")]
    public long Ttl { get; set; }

    [JsonPropertyName("grantedTTL")]
    public long GrantedTtl { get; set; }

    public string? Error { get; set; }
}
