using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Nines.Store.Etcd;

/// <summary>
/// POSTs JSON to the v3 gateway of one member at a time. A member that cannot be reached (connection refused
/// or timed out before the request was sent) is skipped for the next one, so a restarting member costs one
/// failed connect. A write whose request may have reached a member is never re-sent elsewhere: it could
/// apply twice, so the caller gets <see cref="EtcdUnavailableException"/> and must re-read.
/// </summary>
internal sealed class EtcdGateway : IDisposable
{
    /// <summary>gRPC's UNAVAILABLE: no leader, leader changed, member stopping.</summary>
    private const int GrpcUnavailable = 14;

    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _endpoints;
    private readonly TimeSpan _requestTimeout;
    private readonly TimeProvider _time;
    private int _current;

    public EtcdGateway(EtcdStoreOptions options, TimeProvider time)
    {
        _endpoints = [.. options.Endpoints];
        _requestTimeout = options.RequestTimeout;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public IReadOnlyList<Uri> Endpoints => _endpoints;

    /// <summary>
    /// One unary call. <paramref name="idempotent"/> calls (reads, keep-alives) are retried on the next
    /// member after any transport failure; others only when the connection was never made.
    /// </summary>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(
        string path,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        bool idempotent,
        CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var start = Volatile.Read(ref _current);
        for (var attempt = 0; attempt < _endpoints.Count; attempt++)
        {
            var index = (start + attempt) % _endpoints.Count;
            var endpoint = _endpoints[index];
            using var timeout = new CancellationTokenSource(_requestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var content = JsonContent.Create(request, requestType);
                using var response = await _http.PostAsync(new Uri(endpoint, path), content, linked.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    Volatile.Write(ref _current, index);
                    return Parse(endpoint, path, body, responseType);
                }

                var error = ParseError(endpoint, path, response.StatusCode, body);
                if (error.GrpcCode != GrpcUnavailable)
                {
                    throw IsNoSpace(error)
                        ? new StoreFullException($"etcd at {endpoint} is out of space ({error.ServerMessage}): nothing of this write was stored; compact and defragment etcd, raise --quota-backend-bytes, then `etcdctl alarm disarm`", error) { Location = endpoint.ToString() }
                        : error;
                }

                failures.Add($"{endpoint}: {error.ServerMessage}");
                if (!idempotent)
                {
                    throw new EtcdUnavailableException($"etcd at {endpoint} could not serve {path} ({error.ServerMessage}); a write's outcome is unknown, re-read before retrying", error);
                }
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{endpoint}: {e.Message}");
                MoveOffFrom(index);
                if (!idempotent && e.HttpRequestError != HttpRequestError.ConnectionError)
                {
                    throw new EtcdUnavailableException($"etcd at {endpoint} failed during {path} ({e.Message}); the outcome is unknown, re-read before retrying", e);
                }
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{endpoint}: no answer within {_requestTimeout.TotalSeconds:0.###} s");
                MoveOffFrom(index);
                if (!idempotent)
                {
                    throw new EtcdUnavailableException($"etcd at {endpoint} did not answer {path} within {_requestTimeout.TotalSeconds:0.###} s; the outcome is unknown, re-read before retrying", e);
                }
            }
        }

        throw new EtcdUnavailableException($"no etcd endpoint could serve {path}: {string.Join("; ", failures)}");
    }

    /// <summary>
    /// Opens a streamed call (watch) on the first member that accepts it; the caller reads the body as JSON
    /// lines and disposes the response to end the stream.
    /// </summary>
    public async Task<(HttpResponseMessage Response, Uri Endpoint)> OpenStreamAsync<TRequest>(
        string path,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var start = Volatile.Read(ref _current);
        for (var attempt = 0; attempt < _endpoints.Count; attempt++)
        {
            var index = (start + attempt) % _endpoints.Count;
            var endpoint = _endpoints[index];
            using var timeout = new CancellationTokenSource(_requestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            HttpResponseMessage? response = null;
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, path))
                {
                    Content = JsonContent.Create(request, requestType),
                };
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    Volatile.Write(ref _current, index);
                    var opened = response;
                    response = null;
                    return (opened, endpoint);
                }

                var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
                var error = ParseError(endpoint, path, response.StatusCode, body);
                if (error.GrpcCode != GrpcUnavailable)
                {
                    throw IsNoSpace(error)
                        ? new StoreFullException($"etcd at {endpoint} is out of space ({error.ServerMessage}): nothing of this write was stored; compact and defragment etcd, raise --quota-backend-bytes, then `etcdctl alarm disarm`", error) { Location = endpoint.ToString() }
                        : error;
                }

                failures.Add($"{endpoint}: {error.ServerMessage}");
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{endpoint}: {e.Message}");
                MoveOffFrom(index);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{endpoint}: no answer within {_requestTimeout.TotalSeconds:0.###} s");
                MoveOffFrom(index);
            }
            finally
            {
                response?.Dispose();
            }
        }

        throw new EtcdUnavailableException($"no etcd endpoint could open {path}: {string.Join("; ", failures)}");
    }

    public void Dispose() => _http.Dispose();

    internal static T Parse<T>(Uri endpoint, string path, ReadOnlySpan<byte> body, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type)
                ?? throw new EtcdRequestException($"etcd at {endpoint} answered {path} with an empty body");
        }
        catch (JsonException e)
        {
            throw new EtcdRequestException($"etcd at {endpoint} answered {path} with something other than the v3 gateway's JSON ({e.Message}): {Excerpt(body)}", e);
        }
    }

    private static EtcdRequestException ParseError(Uri endpoint, string path, HttpStatusCode status, byte[] body)
    {
        try
        {
            var error = JsonSerializer.Deserialize(body, EtcdJsonContext.Default.EtcdErrorBody);
            if (error is not null && (error.Message ?? error.Error) is { } message)
            {
                return new EtcdRequestException(endpoint, path, error.Code, message);
            }
        }
        catch (JsonException)
        {
            // Not the gateway's error shape (a proxy, or not etcd at all): report the raw answer below.
        }

        return new EtcdRequestException($"etcd at {endpoint} answered {path} with HTTP {(int)status}: {Excerpt(body)}");
    }

    // etcd's ErrNoSpace ("mvcc: database space exceeded", gRPC RESOURCE_EXHAUSTED) answers every write while the NOSPACE alarm is raised.
    private static bool IsNoSpace(EtcdRequestException error) =>
        error.ServerMessage.Contains("database space exceeded", StringComparison.Ordinal) || error.ServerMessage.Contains("NOSPACE", StringComparison.Ordinal);

    private static string Excerpt(ReadOnlySpan<byte> body) =>
        body.Length <= 200 ? Encoding.UTF8.GetString(body) : Encoding.UTF8.GetString(body[..200]) + "…";

    /// <summary>Points later calls at the member after <paramref name="index"/> unless another call already moved on.</summary>
    private void MoveOffFrom(int index) =>
        Interlocked.CompareExchange(ref _current, (index + 1) % _endpoints.Count, index);
}
