using System.Net;
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
internal sealed partial class EtcdGateway : IDisposable
{
    /// <summary>gRPC's UNAVAILABLE: no leader, leader changed, member stopping.</summary>
    private const int GrpcUnavailable = 14;

    /// <summary>gRPC's PERMISSION_DENIED.</summary>
    private const int GrpcPermissionDenied = 7;

    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _endpoints;
    private readonly TimeSpan _requestTimeout;
    private readonly TimeProvider _time;
    private readonly EtcdCredentials? _credentials;
    private readonly SemaphoreSlim _authenticating = new(1, 1);
    private string? _token;
    private int _current;

    public EtcdGateway(EtcdStoreOptions options, TimeProvider time)
    {
        _endpoints = [.. options.Endpoints];
        _requestTimeout = options.RequestTimeout;
        _time = time;
        _credentials = options.Credentials;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
            SslOptions = EtcdTls.ClientOptions(options),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public IReadOnlyList<Uri> Endpoints => _endpoints;

    /// <summary>
    /// One unary call. <paramref name="idempotent"/> calls (reads, keep-alives) are retried on the next
    /// member after any transport failure; others only when the connection was never made. With
    /// credentials, a call etcd refuses for an expired token is sent once more with a new token (etcd checks
    /// the token before it applies anything, so a refused write was not applied).
    /// </summary>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(
        string path,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        bool idempotent,
        CancellationToken cancellationToken)
    {
        var token = await TokenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await CallOnceAsync(path, request, requestType, responseType, idempotent, token, cancellationToken).ConfigureAwait(false);
        }
        catch (EtcdRequestException e) when (token is not null && IsStaleToken(e))
        {
            ForgetToken(token);
            token = await TokenAsync(cancellationToken).ConfigureAwait(false);
            return await CallOnceAsync(path, request, requestType, responseType, idempotent, token, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TResponse> CallOnceAsync<TRequest, TResponse>(
        string path,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        bool idempotent,
        string? token,
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
                using var message = Post(endpoint, path, request, requestType, token);
                using var response = await _http.SendAsync(message, linked.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    Volatile.Write(ref _current, index);
                    return Parse(endpoint, path, body, responseType);
                }

                var error = WithHint(ParseError(endpoint, path, response.StatusCode, body), path);
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
                failures.Add($"{endpoint}: {Describe(e)}");
                MoveOffFrom(index);
                if (!idempotent && e.HttpRequestError != HttpRequestError.ConnectionError)
                {
                    throw new EtcdUnavailableException($"etcd at {endpoint} failed during {path} ({Describe(e)}); the outcome is unknown, re-read before retrying", e);
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
    public async Task<(HttpResponseMessage Response, Uri Endpoint, string? Token)> OpenStreamAsync<TRequest>(
        string path,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        CancellationToken cancellationToken)
    {
        var token = await TokenAsync(cancellationToken).ConfigureAwait(false);
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
                using var message = Post(endpoint, path, request, requestType, token);
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    Volatile.Write(ref _current, index);
                    var opened = response;
                    response = null;
                    return (opened, endpoint, token);
                }

                var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
                var error = WithHint(ParseError(endpoint, path, response.StatusCode, body), path);
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
                failures.Add($"{endpoint}: {Describe(e)}");
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

    public void Dispose()
    {
        _http.Dispose();
        _authenticating.Dispose();
    }

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

        var hint = Encoding.UTF8.GetString(body).Contains("CommonName of client", StringComparison.Ordinal)
            ? " (etcd's JSON gateway refuses a client certificate with a common name once authentication is on: use a certificate without CN, or only one of certificate and user)"
            : "";
        return new EtcdRequestException($"etcd at {endpoint} answered {path} with HTTP {(int)status}: {Excerpt(body)}{hint}");
    }

    // etcd's ErrNoSpace ("mvcc: database space exceeded", gRPC RESOURCE_EXHAUSTED) answers every write while the NOSPACE alarm is raised.
    private static bool IsNoSpace(EtcdRequestException error) =>
        error.ServerMessage.Contains("database space exceeded", StringComparison.Ordinal) || error.ServerMessage.Contains("NOSPACE", StringComparison.Ordinal);

    /// <summary>The message with its causes: a failed TLS handshake says why only in the inner exceptions.</summary>
    private static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (!messages.Contains(current.Message))
            {
                messages.Add(current.Message);
            }
        }

        return string.Join(": ", messages);
    }

    /// <summary>A refusal that says nothing about why, when the reason is this store's configuration: no user on a cluster with authentication.</summary>
    private EtcdRequestException WithHint(EtcdRequestException error, string path) =>
        _credentials is null && error.GrpcCode == GrpcPermissionDenied && error.Endpoint is { } endpoint
            ? new EtcdRequestException(endpoint, path, error.GrpcCode, error.ServerMessage + " (no etcd user is configured: if the cluster has authentication on, give the store a user and password)")
            : error;

    private static string Excerpt(ReadOnlySpan<byte> body) =>
        body.Length <= 200 ? Encoding.UTF8.GetString(body) : Encoding.UTF8.GetString(body[..200]) + "…";

    /// <summary>Points later calls at the member after <paramref name="index"/> unless another call already moved on.</summary>
    private void MoveOffFrom(int index) =>
        Interlocked.CompareExchange(ref _current, (index + 1) % _endpoints.Count, index);
}
