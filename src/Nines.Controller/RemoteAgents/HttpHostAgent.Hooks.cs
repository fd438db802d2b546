using System.Net;
using Nines.Contracts.Agents;

namespace Nines.Controller.RemoteAgents;

/// <summary>An administrator's hooks over HTTP (<see cref="IHostHooks"/>).</summary>
public sealed partial class HttpHostAgent : IHostHooks
{
    public Task<HostHookStatus> StartHookAsync(HostHookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<HostHookStatus>(HttpMethod.Post, "hooks", request, RequestTimeout, cancellationToken);
    }

    public async Task<HostHookStatus?> GetHookAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        try
        {
            return await SendAsync<HostHookStatus>(HttpMethod.Get, $"hooks/{Escape(id)}", null, ReadTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
