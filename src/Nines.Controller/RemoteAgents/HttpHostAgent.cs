using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Nines.Contracts.Agents;
using Nines.Contracts.AgentWire;
using Nines.Contracts.Security;

namespace Nines.Controller.RemoteAgents;

/// <summary>
/// The controller's side of the agent protocol: <see cref="IHostAgent"/> and <see cref="IHostVmOperations"/> of
/// a remote host over HTTP/JSON (<c>Nines.Agent.Server.AgentEndpoints</c>, routes under <see cref="AgentRoutes.Prefix"/>). The host's errors come back as the exception types
/// the in-process agent throws (<see cref="AgentErrors.ToException"/>); failures of the link itself — refused or
/// broken connections, our own timeout, a 5xx or 401 without a host error code — are
/// <see cref="HttpRequestException"/> or <see cref="TimeoutException"/>, which the reconciler retries with backoff.
/// Over HTTPS the client presents the controller's certificate and believes the agent only when its certificate
/// chains to the cluster's CA and names this host (<c>urn:nines:agent:HOST</c>); any other listener — an etcd entry
/// pointing elsewhere, another host's agent — is refused during the handshake, before a request is sent.
/// </summary>
public sealed partial class HttpHostAgent : IHostAgent, IHostVmOperations, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private string? _refusal;

    /// <summary>A client for the agent of <paramref name="hostName"/> at <paramref name="baseAddress"/> (its <see cref="Nines.Contracts.Model.HostRecord.AgentUrl"/>).</summary>
    /// <param name="controller">The controller's client certificate and the cluster's CA the agent's certificate must chain to.</param>
    /// <param name="handler">The HTTP handler to send through; null for one of its own (connect timeout 5 s, mutual TLS).</param>
    public HttpHostAgent(string hostName, Uri baseAddress, TlsCredentials controller, HttpMessageHandler? handler = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(controller);
        HostName = hostName;
        BaseAddress = baseAddress;
        _ownsHttp = handler is null;

        // Timeouts are ours per call (RequestTimeout), so that they surface as TimeoutException, not as a cancellation.
        _http = new HttpClient(handler ?? MutualTlsHandler(controller), disposeHandler: handler is null)
        {
            // With a trailing slash, so that an agent behind a path prefix keeps it when routes are resolved against it.
            BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string HostName { get; }

    /// <summary>Where the agent listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// How long a call that waits for the guest may take (exec, control, completing an incoming migration); sequences
    /// are not limited. The reconciler's calls have shorter deadlines of their own.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a convergence pass or a removal may take: the agent never waits for a boot or a guest in one (later passes
    /// collect those), so an agent that takes longer is stuck or cut off, and the reconciler retries.
    /// </summary>
    public TimeSpan ConvergeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a read (health, lists, a VM's status or figures, a migration's progress) or a short command may take.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The agent's identity (<c>GET /agent/v1/health</c>, anonymous).</summary>
    public Task<AgentHealth> GetHealthAsync(CancellationToken cancellationToken) =>
        SendAsync<AgentHealth>(HttpMethod.Get, "health", null, ReadTimeout, cancellationToken);

    public Task<HostDeploymentObservation> ConvergeAsync(HostDeploymentDesired desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return SendAsync<HostDeploymentObservation>(HttpMethod.Post, $"deployments/{Escape(desired.DeploymentId)}", desired, ConvergeTimeout, cancellationToken);
    }

    public Task<HostDeploymentObservation> RemoveAsync(string deploymentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deploymentId);
        return SendAsync<HostDeploymentObservation>(HttpMethod.Delete, $"deployments/{Escape(deploymentId)}", null, ConvergeTimeout, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListDeploymentsAsync(CancellationToken cancellationToken) =>
        await SendAsync<List<string>>(HttpMethod.Get, "deployments", null, ReadTimeout, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The handler of a client of its own: it presents the controller's certificate and accepts the agent only when
    /// <see cref="NinesIdentity.Verify"/> finds nothing wrong (the machine's trusted roots count for nothing).
    /// </summary>
    private SocketsHttpHandler MutualTlsHandler(TlsCredentials controller)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) };
        handler.SslOptions.ClientCertificates = new X509CertificateCollection { controller.Certificate };
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => controller.Certificate;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            _refusal = NinesIdentity.Verify(certificate as X509Certificate2, controller.Authority, NinesIdentity.Agent(HostName), CertificateUsage.Server, TimeProvider.System.GetUtcNow());
            return _refusal is null;
        };
        return handler;
    }

    /// <summary>Sends on the link; a refused agent certificate becomes an <see cref="HttpRequestException"/> that says why.</summary>
    private async Task<HttpResponseMessage> SendHttpAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (_refusal is { } why)
        {
            throw new HttpRequestException($"the listener at {BaseAddress} registered for host \"{HostName}\" is not that host's agent, nothing was sent: {why}", e, e.StatusCode);
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            using var request = Request(method, path, body);
            using var response = await SendHttpAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            await ThrowIfFailedAsync(response, method, path, timeout.Token).ConfigureAwait(false);
            return await ReadAnswerAsync<T>(response, method, path, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own time limit, or the handler's connect timeout (which it reports as a cancellation): a timeout, retried.
            throw TimedOut(method, path, timeout.IsCancellationRequested ? limit : null, e);
        }
    }

    private TimeoutException TimedOut(HttpMethod method, string path, TimeSpan? limit, Exception inner) =>
        new(limit is { } l
            ? $"the agent of host \"{HostName}\" ({BaseAddress}) did not answer {method} {path} within {l.TotalSeconds:0.###} s"
            : $"the agent of host \"{HostName}\" ({BaseAddress}) could not be reached for {method} {path}: {inner.Message}", inner);

    private HttpRequestMessage Request(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri($"{AgentRoutes.Prefix.TrimStart('/')}/{path}", UriKind.Relative))
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: AgentJson.Answers),
        };
        return request;
    }

    private async Task<T> ReadAnswerAsync<T>(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(AgentJson.Answers, cancellationToken).ConfigureAwait(false)
                ?? throw new HttpRequestException($"the agent of host \"{HostName}\" answered {method} {path} with an empty body");
        }
        catch (JsonException e)
        {
            // A garbled answer (a proxy's error page, a truncated body): worth retrying like any broken link.
            throw new HttpRequestException($"the agent of host \"{HostName}\" answered {method} {path} with JSON that does not read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Rethrows the host's error as its own exception type when the answer is a problem with a known code;
    /// otherwise a 400 is an <see cref="ArgumentException"/> (the agent refused what we sent: a bug, not retried)
    /// and any other failure an <see cref="HttpRequestException"/> with the status.
    /// </summary>
    private async Task ThrowIfFailedAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
        if (problem is not null && AgentErrors.ToException(problem) is { } error)
        {
            throw error;
        }

        var what = problem is null ? response.ReasonPhrase : $"{problem.Title}: {problem.Detail}";
        var message = $"the agent of host \"{HostName}\" ({BaseAddress}) answered {method} {path} with {(int)response.StatusCode} ({what})";
        if (problem is { Code: AgentErrors.InvalidRequest })
        {
            throw new ArgumentException($"{message}; fields: {string.Join("; ", problem.Errors?.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}") ?? [])}");
        }

        throw new HttpRequestException(message, null, response.StatusCode);
    }

    private static async Task<AgentProblem?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != AgentRoutes.ProblemContentType)
        {
            return null;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<AgentProblem>(AgentJson.Answers, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
