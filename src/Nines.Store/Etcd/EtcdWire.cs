using System.Text.Json.Serialization;

namespace Nines.Store.Etcd;

// The JSON shapes of etcd's v3 gRPC gateway (etcdserverpb / mvccpb as protojson): snake_case names, int64 as
// strings, bytes as base64, zero values omitted. Only the fields Nines uses are declared.

internal sealed class EtcdHeader
{
    public long Revision { get; set; }
}

internal sealed class EtcdKeyValue
{
    public byte[]? Key { get; set; }

    public long CreateRevision { get; set; }

    public long ModRevision { get; set; }

    public long Version { get; set; }

    public byte[]? Value { get; set; }

    public long Lease { get; set; }
}

internal sealed class EtcdRangeRequest
{
    public required byte[] Key { get; set; }

    public byte[]? RangeEnd { get; set; }

    public long? Limit { get; set; }
}

internal sealed class EtcdRangeResponse
{
    public EtcdHeader? Header { get; set; }

    public List<EtcdKeyValue>? Kvs { get; set; }

    public bool More { get; set; }
}

internal sealed class EtcdPutRequest
{
    public required byte[] Key { get; set; }

    public required byte[] Value { get; set; }

    public long? Lease { get; set; }
}

internal sealed class EtcdPutResponse
{
    public EtcdHeader? Header { get; set; }
}

internal sealed class EtcdDeleteRangeRequest
{
    public required byte[] Key { get; set; }

    public byte[]? RangeEnd { get; set; }
}

internal sealed class EtcdDeleteRangeResponse
{
    public EtcdHeader? Header { get; set; }

    public long Deleted { get; set; }
}

internal sealed class EtcdCompare
{
    public required byte[] Key { get; set; }

    public required string Target { get; set; }

    public required string Result { get; set; }

    public long? Version { get; set; }

    public long? CreateRevision { get; set; }

    public long? ModRevision { get; set; }

    public long? Lease { get; set; }

    public byte[]? Value { get; set; }
}

internal sealed class EtcdRequestOp
{
    public EtcdRangeRequest? RequestRange { get; set; }

    public EtcdPutRequest? RequestPut { get; set; }

    public EtcdDeleteRangeRequest? RequestDeleteRange { get; set; }
}

internal sealed class EtcdTxnRequest
{
    public required List<EtcdCompare> Compare { get; set; }

    public required List<EtcdRequestOp> Success { get; set; }

    public required List<EtcdRequestOp> Failure { get; set; }
}

internal sealed class EtcdResponseOp
{
    public EtcdRangeResponse? ResponseRange { get; set; }

    public EtcdPutResponse? ResponsePut { get; set; }

    public EtcdDeleteRangeResponse? ResponseDeleteRange { get; set; }
}

internal sealed class EtcdTxnResponse
{
    public EtcdHeader? Header { get; set; }

    public bool Succeeded { get; set; }

    public List<EtcdResponseOp>? Responses { get; set; }
}

internal sealed class EtcdCompactionRequest
{
    public long Revision { get; set; }

    public bool Physical { get; set; }
}

internal sealed class EtcdWatchRequest
{
    public required EtcdWatchCreateRequest CreateRequest { get; set; }
}

internal sealed class EtcdWatchCreateRequest
{
    public required byte[] Key { get; set; }

    public byte[]? RangeEnd { get; set; }

    public long StartRevision { get; set; }

    public bool PrevKv { get; set; }
}

/// <summary>One line of a streamed response: a result, or an error that ends the stream.</summary>
internal sealed class EtcdStreamMessage<T>
    where T : class
{
    public T? Result { get; set; }

    public EtcdStreamError? Error { get; set; }
}

internal sealed class EtcdStreamError
{
    public int GrpcCode { get; set; }

    public string? Message { get; set; }
}

internal sealed class EtcdWatchResponse
{
    public EtcdHeader? Header { get; set; }

    public bool Created { get; set; }

    public bool Canceled { get; set; }

    public long CompactRevision { get; set; }

    public string? CancelReason { get; set; }

    public List<EtcdEvent>? Events { get; set; }
}

internal sealed class EtcdEvent
{
    /// <summary>"DELETE", or absent for a put (the enum's zero value is omitted).</summary>
    public string? Type { get; set; }

    public EtcdKeyValue? Kv { get; set; }

    public EtcdKeyValue? PrevKv { get; set; }
}

internal sealed class EtcdLeaseRequest
{
    [JsonPropertyName("ID")]
    public long Id { get; set; }

    [JsonPropertyName("TTL")]
    public long? Ttl { get; set; }
}

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

/// <summary>The body of a failed unary call.</summary>
internal sealed class EtcdErrorBody
{
    public string? Error { get; set; }

    public string? Message { get; set; }

    public int Code { get; set; }
}

internal sealed class EtcdAuthenticateRequest
{
    public required string Name { get; set; }

    public required string Password { get; set; }
}

internal sealed class EtcdAuthenticateResponse
{
    public EtcdHeader? Header { get; set; }

    public string? Token { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EtcdRangeRequest))]
[JsonSerializable(typeof(EtcdRangeResponse))]
[JsonSerializable(typeof(EtcdPutRequest))]
[JsonSerializable(typeof(EtcdPutResponse))]
[JsonSerializable(typeof(EtcdDeleteRangeRequest))]
[JsonSerializable(typeof(EtcdDeleteRangeResponse))]
[JsonSerializable(typeof(EtcdTxnRequest))]
[JsonSerializable(typeof(EtcdTxnResponse))]
[JsonSerializable(typeof(EtcdCompactionRequest))]
[JsonSerializable(typeof(EtcdWatchRequest))]
[JsonSerializable(typeof(EtcdStreamMessage<EtcdWatchResponse>))]
[JsonSerializable(typeof(EtcdStreamMessage<EtcdLeaseResponse>))]
[JsonSerializable(typeof(EtcdLeaseRequest))]
[JsonSerializable(typeof(EtcdLeaseResponse))]
[JsonSerializable(typeof(EtcdErrorBody))]
[JsonSerializable(typeof(EtcdAuthenticateRequest))]
[JsonSerializable(typeof(EtcdAuthenticateResponse))]
internal sealed partial class EtcdJsonContext : JsonSerializerContext;
