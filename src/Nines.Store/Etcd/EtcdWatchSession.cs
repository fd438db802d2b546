using System.Text;
using System.Text.Json;

namespace Nines.Store.Etcd;

/// <summary>
/// One logical watch over a series of <c>/v3/watch</c> streams: when a stream breaks (the member stopped,
/// the connection dropped) the next one starts on whichever member answers, at the revision after the last
/// event delivered, so nothing is lost or doubled. etcd never splits one revision's events over two
/// responses, which is what makes resuming at "last revision + 1" exact.
/// </summary>
internal sealed class EtcdWatchSession(
    EtcdGateway gateway,
    EtcdKeySpace keys,
    StoreKey prefix,
    long fromRevision,
    TimeProvider time,
    TimeSpan reconnectTimeout) : IAsyncDisposable
{
    private static readonly TimeSpan _firstRetryDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan _maxRetryDelay = TimeSpan.FromSeconds(1);

    private long _next = fromRevision + 1;
    private HttpResponseMessage? _response;
    private StreamReader? _reader;
    private Uri? _endpoint;
    private string? _token;
    private bool _renewedToken;

    /// <summary>The events of the next response that has any, in revision order.</summary>
    public async Task<IReadOnlyList<WatchEvent>> NextBatchAsync(CancellationToken cancellationToken)
    {
        long? outageSince = null;
        var retryDelay = _firstRetryDelay;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_reader is null)
            {
                try
                {
                    await ConnectAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (EtcdUnavailableException e)
                {
                    outageSince ??= time.GetTimestamp();
                    if (time.GetElapsedTime(outageSince.Value) > reconnectTimeout)
                    {
                        throw new EtcdUnavailableException($"the watch of \"{prefix}\" could not reconnect from revision {_next} within {reconnectTimeout.TotalSeconds:0.###} s: {e.Message}", e);
                    }

                    await Task.Delay(retryDelay, time, cancellationToken).ConfigureAwait(false);
                    retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, _maxRetryDelay.Ticks));
                    continue;
                }
            }

            string? line;
            try
            {
                line = await _reader!.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                Drop();
                continue;
            }

            if (line is null)
            {
                // The member closed the stream (stopping, or restarted): resume on the next one.
                Drop();
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var events = Handle(Parse(line));
            if (events is null)
            {
                continue;
            }

            outageSince = null;
            retryDelay = _firstRetryDelay;
            if (events.Count > 0)
            {
                _next = events[^1].Revision + 1;
                return events;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Drop();
        return ValueTask.CompletedTask;
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var (key, end) = keys.Range(prefix);
        var request = new EtcdWatchRequest
        {
            CreateRequest = new EtcdWatchCreateRequest { Key = key, RangeEnd = end, StartRevision = _next, PrevKv = true },
        };
        var (response, endpoint, token) = await gateway.OpenStreamAsync("/v3/watch", request, EtcdJsonContext.Default.EtcdWatchRequest, cancellationToken).ConfigureAwait(false);
        _token = token;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            _reader = new StreamReader(stream, Encoding.UTF8);
            _response = response;
            _endpoint = endpoint;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private EtcdStreamMessage<EtcdWatchResponse> Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, EtcdJsonContext.Default.EtcdStreamMessageEtcdWatchResponse)
                ?? throw new EtcdRequestException($"etcd at {_endpoint} sent an empty watch message");
        }
        catch (JsonException e)
        {
            throw new EtcdRequestException($"etcd at {_endpoint} sent a watch message that is not the v3 gateway's JSON ({e.Message}): {line[..Math.Min(line.Length, 200)]}", e);
        }
    }

    /// <summary>The events of one message (possibly none), or null when the stream was dropped and must be reopened.</summary>
    private List<WatchEvent>? Handle(EtcdStreamMessage<EtcdWatchResponse> message)
    {
        if (message.Error is { } error)
        {
            var endpoint = _endpoint;
            Drop();
            return error.GrpcCode == 14
                ? null
                : throw new EtcdRequestException($"etcd at {endpoint} ended the watch of \"{prefix}\": {error.Message} (gRPC code {error.GrpcCode})");
        }

        var result = message.Result;
        if (result is null)
        {
            return [];
        }

        if (result.Created && !result.Canceled)
        {
            _renewedToken = false;
        }

        if (result.CompactRevision > 0)
        {
            // etcd names the first revision it still has; the store contract names the last one it dropped.
            throw new StoreCompactedException(result.CompactRevision - 1);
        }

        if (result.Canceled && _token is { } token && !_renewedToken && IsRefusedToken(result.CancelReason))
        {
            // etcd checks a watch's token when it is created: one that expired since it was issued is
            // refused as "permission denied". Renew it once; a new token refused too is a real refusal.
            _renewedToken = true;
            gateway.ForgetToken(token);
            Drop();
            return null;
        }

        if (result.Canceled)
        {
            throw new EtcdRequestException($"etcd at {_endpoint} cancelled the watch of \"{prefix}\": {result.CancelReason ?? "no reason given"}");
        }

        return (result.Events ?? [])
            .Where(e => e.Kv is { } kv && kv.ModRevision >= _next)
            .Select(ToEvent)
            .ToList();
    }

    private static bool IsRefusedToken(string? reason) =>
        reason is not null && (reason.Contains("permission denied", StringComparison.Ordinal) || reason.Contains("invalid auth token", StringComparison.Ordinal));

    private WatchEvent ToEvent(EtcdEvent e) => new(
        e.Type == "DELETE" ? WatchEventKind.Delete : WatchEventKind.Put,
        keys.ToEntry(e.Kv!),
        e.PrevKv is { } previous ? keys.ToEntry(previous) : null);

    private void Drop()
    {
        _reader?.Dispose();
        _response?.Dispose();
        _reader = null;
        _response = null;
    }
}
