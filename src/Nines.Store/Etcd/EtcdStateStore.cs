namespace Nines.Store.Etcd;

/// <summary>
/// <see cref="IStateStore"/> on an etcd v3 cluster, spoken to over its JSON gateway (<c>/v3/...</c>, etcd ≥ 3.4)
/// with <see cref="HttpClient"/>: no gRPC runtime needed. Keys, revisions, transactions, watches and leases
/// are etcd's own, so the mapping is one to one (README.md, "Operations and their etcd v3 mapping").
/// Lease expiry runs on etcd's clock (real time), not on a <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class EtcdStateStore : IStateStore
{
    private readonly EtcdGateway _gateway;
    private readonly EtcdKeySpace _keys;
    private readonly TimeProvider _time;
    private readonly TimeSpan _watchReconnectTimeout;
    private readonly CancellationTokenSource _lifetime = new();
    private int _disposed;

    private EtcdStateStore(EtcdStoreOptions options)
    {
        _time = options.TimeProvider ?? TimeProvider.System;
        _gateway = new EtcdGateway(options, _time);
        _keys = new EtcdKeySpace(options.KeyPrefix);
        _watchReconnectTimeout = options.WatchReconnectTimeout;
    }

    /// <summary>
    /// A store on the cluster at <see cref="EtcdStoreOptions.Endpoints"/>. Nothing is sent yet: the first
    /// operation connects. Throws <see cref="ArgumentException"/> listing every problem with the options.
    /// </summary>
    public static EtcdStateStore Connect(EtcdStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        return new EtcdStateStore(options);
    }

    /// <summary>The client URLs this store talks to.</summary>
    public IReadOnlyList<Uri> Endpoints => _gateway.Endpoints;

    public async Task<KeyValueEntry?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        var response = await ReadRangeAsync(new EtcdRangeRequest { Key = _keys.Full(key) }, cancellationToken).ConfigureAwait(false);
        return response.Kvs is [var kv, ..] ? _keys.ToEntry(kv) : null;
    }

    public async Task<RangeResult> RangeAsync(StoreKey prefix, int? limit = null, CancellationToken cancellationToken = default)
    {
        TxnRules.CheckLimit(limit);
        var (key, end) = _keys.Range(prefix);
        var response = await ReadRangeAsync(new EtcdRangeRequest { Key = key, RangeEnd = end, Limit = limit }, cancellationToken).ConfigureAwait(false);
        return new RangeResult(ToEntries(response.Kvs), RevisionOf(response.Header), response.More);
    }

    public async Task<long> PutAsync(StoreKey key, ReadOnlyMemory<byte> value, long lease = 0, CancellationToken cancellationToken = default)
    {
        TxnRules.CheckWritableKey(key, nameof(key));
        var request = new EtcdPutRequest { Key = _keys.Full(key), Value = value.ToArray(), Lease = lease == 0 ? null : lease };
        try
        {
            var response = await CallAsync("/v3/kv/put", request, EtcdJsonContext.Default.EtcdPutRequest, EtcdJsonContext.Default.EtcdPutResponse, idempotent: false, cancellationToken).ConfigureAwait(false);
            return RevisionOf(response.Header);
        }
        catch (EtcdRequestException e) when (IsLeaseNotFound(e))
        {
            throw new LeaseNotFoundException(lease);
        }
    }

    public Task<DeleteResult> DeleteAsync(StoreKey key, CancellationToken cancellationToken = default) =>
        DeleteAsync(new EtcdDeleteRangeRequest { Key = _keys.Full(key) }, cancellationToken);

    public Task<DeleteResult> DeleteRangeAsync(StoreKey prefix, CancellationToken cancellationToken = default)
    {
        var (key, end) = _keys.Range(prefix);
        return DeleteAsync(new EtcdDeleteRangeRequest { Key = key, RangeEnd = end }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Watches end first (their streams hold connections of the client disposed next).
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _gateway.Dispose();
        _lifetime.Dispose();
    }

    private async Task<DeleteResult> DeleteAsync(EtcdDeleteRangeRequest request, CancellationToken cancellationToken)
    {
        var response = await CallAsync("/v3/kv/deleterange", request, EtcdJsonContext.Default.EtcdDeleteRangeRequest, EtcdJsonContext.Default.EtcdDeleteRangeResponse, idempotent: false, cancellationToken).ConfigureAwait(false);
        return new DeleteResult(response.Deleted, RevisionOf(response.Header));
    }

    private Task<EtcdRangeResponse> ReadRangeAsync(EtcdRangeRequest request, CancellationToken cancellationToken) =>
        CallAsync("/v3/kv/range", request, EtcdJsonContext.Default.EtcdRangeRequest, EtcdJsonContext.Default.EtcdRangeResponse, idempotent: true, cancellationToken);

    private Task<TResponse> CallAsync<TRequest, TResponse>(
        string path,
        TRequest request,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRequest> requestType,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TResponse> responseType,
        bool idempotent,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        return _gateway.CallAsync(path, request, requestType, responseType, idempotent, cancellationToken);
    }

    private List<KeyValueEntry> ToEntries(List<EtcdKeyValue>? kvs) => kvs?.Select(_keys.ToEntry).ToList() ?? [];

    private static long RevisionOf(EtcdHeader? header) =>
        header?.Revision ?? throw new EtcdRequestException("etcd answered without a response header (no revision)");

    private static bool IsLeaseNotFound(EtcdRequestException e) =>
        e.ServerMessage.Contains("requested lease not found", StringComparison.Ordinal);
}
