using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Nines.Bench.Soak;

/// <summary>One answer of the REST API: status 0 when no HTTP answer came (refused, reset, timed out).</summary>
internal sealed record ApiAnswer(int Status, string Body, TimeSpan Elapsed, string? Error)
{
    public bool Answered => Status != 0;

    public JsonNode? Json()
    {
        try
        {
            return JsonNode.Parse(Body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>The REST API as one tenant sees it: a base URL and a bearer token, every call with its own deadline.</summary>
internal sealed class SoakApi : IDisposable
{
    private readonly HttpClient _http;

    public SoakApi(Uri baseUrl, string? token)
    {
        _http = new HttpClient(SoakTls.Handler())
        {
            BaseAddress = baseUrl,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Task<ApiAnswer> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, TimeSpan.FromSeconds(10), cancellationToken);

    public Task<ApiAnswer> SendJsonAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken) =>
        SendAsync(method, path, body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString()), TimeSpan.FromSeconds(20), cancellationToken);

    /// <summary>Sends raw bytes as application/json (the fuzzer's bodies need not be JSON at all).</summary>
    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, byte[]? body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            return new ApiAnswer((int)response.StatusCode, text, watch.Elapsed, null);
        }
        catch (HttpRequestException e)
        {
            return new ApiAnswer(0, string.Empty, watch.Elapsed, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ApiAnswer(0, string.Empty, watch.Elapsed, $"no answer within {timeout.TotalSeconds:0} s");
        }
        catch (IOException e)
        {
            return new ApiAnswer(0, string.Empty, watch.Elapsed, e.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
