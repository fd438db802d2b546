using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;

namespace Nines.Store.Etcd;

/// <summary>
/// etcd's own authentication: <c>/v3/auth/authenticate</c> trades the user and password for a token that
/// every later request carries in its <c>Authorization</c> header. etcd's simple tokens expire after
/// <c>--auth-token-ttl</c> of disuse (5 minutes by default), so a refused token is forgotten and the next
/// call asks for a new one; concurrent callers share one authentication.
/// </summary>
internal sealed partial class EtcdGateway
{
    /// <summary>gRPC's UNAUTHENTICATED, which etcd answers an expired or unknown token with.</summary>
    private const int GrpcUnauthenticated = 16;

    /// <summary>The current token, asking etcd for one first when there is none; null without credentials.</summary>
    public async Task<string?> TokenAsync(CancellationToken cancellationToken)
    {
        if (_credentials is null)
        {
            return null;
        }

        if (Volatile.Read(ref _token) is { } current)
        {
            return current;
        }

        await _authenticating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is null)
            {
                var request = new EtcdAuthenticateRequest { Name = _credentials.User, Password = _credentials.Password };
                EtcdAuthenticateResponse answer;
                try
                {
                    answer = await CallOnceAsync("/v3/auth/authenticate", request, EtcdJsonContext.Default.EtcdAuthenticateRequest, EtcdJsonContext.Default.EtcdAuthenticateResponse, idempotent: true, token: null, cancellationToken).ConfigureAwait(false);
                }
                catch (EtcdRequestException e) when (e.Endpoint is not null)
                {
                    throw new EtcdRequestException(e.Endpoint, "/v3/auth/authenticate", e.GrpcCode, $"{_credentials} could not log in: {e.ServerMessage}");
                }

                Volatile.Write(ref _token, string.IsNullOrEmpty(answer.Token)
                    ? throw new EtcdRequestException($"etcd answered the login of {_credentials} without a token (is authentication enabled on the cluster?)")
                    : answer.Token);
            }

            return _token;
        }
        finally
        {
            _authenticating.Release();
        }
    }

    /// <summary>Drops <paramref name="stale"/> so the next call logs in again, unless another caller already replaced it.</summary>
    public void ForgetToken(string stale) => Interlocked.CompareExchange(ref _token, null, stale);

    /// <summary>etcd refused the token itself (expired, or the member restarted and lost its simple tokens).</summary>
    internal static bool IsStaleToken(EtcdRequestException error) =>
        error.GrpcCode == GrpcUnauthenticated || error.ServerMessage.Contains("invalid auth token", StringComparison.Ordinal);

    private static HttpRequestMessage Post<TRequest>(Uri endpoint, string path, TRequest request, JsonTypeInfo<TRequest> requestType, string? token)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, path)) { Content = JsonContent.Create(request, requestType) };
        if (token is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", token);
        }

        return message;
    }
}
