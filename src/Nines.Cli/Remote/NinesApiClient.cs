using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nines.Api.Contracts;
using Nines.Api.Http;
using Nines.Contracts.Repositories;

namespace Nines.Cli.Remote;

/// <summary>
/// A typed client of the Nines REST API (<c>/v1</c>): every call returns the typed value and the raw JSON, and every
/// refusal becomes a <see cref="NinesApiException"/> carrying the problem+json (status, title, field errors,
/// scenario diagnostics). A connection that fails is a <see cref="NinesApiException"/> with status 0.
/// </summary>
public sealed partial class NinesApiClient : IDisposable
{
    /// <summary>How the API writes JSON (camelCase, enums by name); requests leave out null members.</summary>
    public static JsonSerializerOptions Json { get; } = new(ControlPlaneJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly HttpClient _http;

    /// <param name="disposeHandler">Whether disposing the client disposes <paramref name="handler"/> too.</param>
    public NinesApiClient(Uri baseUrl, string? token, HttpMessageHandler? handler = null, bool disposeHandler = false)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        BaseUrl = baseUrl;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler);
        _http.BaseAddress = baseUrl;

        // Exec and event follows run as long as they run; callers bound them with their cancellation token.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>The controller's address (<c>http://127.0.0.1:7409/</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The controller's health, or null when nothing answers within <paramref name="timeout"/>.</summary>
    public async Task<HealthView?> TryHealthAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await _http.GetAsync(new Uri("v1/health", UriKind.Relative), cts.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadFromJsonAsync<HealthView>(Json, cts.Token).ConfigureAwait(false)
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>GETs <paramref name="path"/> (relative, e.g. <c>v1/hosts</c>).</summary>
    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>Sends <paramref name="body"/> (null for none) and reads the answer as <typeparamref name="T"/>.</summary>
    public async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var json = await SendRawAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        var value = json.Length == 0 ? default : JsonSerializer.Deserialize<T>(json, Json);
        return new ApiResult<T>(value!, json);
    }

    /// <summary>Sends a request and returns the answer's body; throws <see cref="NinesApiException"/> on any refusal.</summary>
    public async Task<string> SendRawAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), Json), Encoding.UTF8, "application/json");
        }

        using var response = await SendCoreAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Problem((int)response.StatusCode, response.ReasonPhrase, text);
        }

        return text;
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new NinesApiException(0, "the controller does not answer", $"{BaseUrl}: {e.Message}", innerException: e);
        }
    }

    /// <summary>The problem+json of a refusal as an exception (a body that is not one still gives status and reason).</summary>
    internal static NinesApiException Problem(int status, string? reason, string body)
    {
        string? title = null;
        string? detail = null;
        Dictionary<string, string[]>? errors = null;
        List<DiagnosticView>? diagnostics = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            errors = root.TryGetProperty("errors", out var e) ? e.Deserialize<Dictionary<string, string[]>>(Json) : null;
            diagnostics = root.TryGetProperty("diagnostics", out var g) ? g.Deserialize<List<DiagnosticView>>(Json) : null;
        }
        catch (JsonException)
        {
            detail = body.Length > 0 ? body.Trim() : null;
        }

        return new NinesApiException(status, title ?? reason ?? $"HTTP {status}", detail, errors, diagnostics);
    }
}
