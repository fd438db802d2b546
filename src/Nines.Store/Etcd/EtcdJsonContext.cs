using System.Text.Json.Serialization;

namespace Nines.Store.Etcd;

// The JSON shapes of etcd's v3 gRPC gateway (etcdserverpb / mvccpb as protojson), one type per file beside this
// context: snake_case names, int64 as strings, bytes as base64, zero values omitted. Only the fields Nines uses are declared.
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
