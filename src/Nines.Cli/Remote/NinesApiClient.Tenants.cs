using System.Net.Http.Headers;
using System.Text.Json;
using Nines.Api.Contracts;

namespace Nines.Cli.Remote;

/// <summary>Tenant quotas and the tenant's image library.</summary>
public sealed partial class NinesApiClient
{
    /// <summary>The quota of <paramref name="tenant"/>, or of the token's own tenant when null.</summary>
    public Task<ApiResult<QuotaView>> GetQuotaAsync(string? tenant, CancellationToken cancellationToken) =>
        GetAsync<QuotaView>(tenant is null ? "v1/quota" : $"v1/tenants/{E(tenant)}/quota", cancellationToken);

    public Task<ApiResult<QuotaView>> SetQuotaAsync(string tenant, QuotaRequest request, CancellationToken cancellationToken) =>
        SendAsync<QuotaView>(HttpMethod.Put, $"v1/tenants/{E(tenant)}/quota", request, cancellationToken);

    public Task<ApiResult<List<ImageView>>> ListImagesAsync(CancellationToken cancellationToken) =>
        GetAsync<List<ImageView>>("v1/images", cancellationToken);

    public Task DeleteImageAsync(string name, CancellationToken cancellationToken) =>
        SendRawAsync(HttpMethod.Delete, $"v1/images/{E(name)}", null, cancellationToken);

    /// <summary>Uploads <paramref name="content"/> (streamed, never held in memory) as image <paramref name="name"/> in <paramref name="format"/>.</summary>
    public async Task<ApiResult<ImageView>> UploadImageAsync(string name, string format, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"v1/images/{E(name)}?format={E(format)}", UriKind.Relative));
        request.Content = new StreamContent(content, 1024 * 1024);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (content.CanSeek)
        {
            request.Content.Headers.ContentLength = content.Length - content.Position;
        }

        using var response = await SendCoreAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Problem((int)response.StatusCode, response.ReasonPhrase, text);
        }

        return new ApiResult<ImageView>(JsonSerializer.Deserialize<ImageView>(text, Json)!, text);
    }
}
