using System.Text.Json.Serialization;

namespace Nines.Store.Etcd;

internal sealed class EtcdLeaseRequest
{
    [JsonPropertyName("ID")]
    public long Id { get; set; }

    [JsonPropertyName("TTL")]
    public long? Ttl { get; set; }
}
