using System.Runtime.CompilerServices;
using System.Text.Json;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Contracts.Model;
using Nines.Controller.LiveMigration;

namespace Nines.Cli.Remote;

/// <summary>One method per API route (README of Nines.Api); names are URL-escaped here, never by callers.</summary>
public sealed partial class NinesApiClient
{
    public Task<ApiResult<List<DeploymentView>>> ListDeploymentsAsync(CancellationToken cancellationToken) =>
        GetAsync<List<DeploymentView>>("v1/deployments", cancellationToken);

    public Task<ApiResult<DeploymentView>> GetDeploymentAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<DeploymentView>($"v1/deployments/{E(name)}", cancellationToken);

    /// <summary>POST: a new deployment (named by the request, else after the scenario).</summary>
    public Task<ApiResult<OperationAccepted>> DeployAsync(DeployRequest request, CancellationToken cancellationToken) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, "v1/deployments", request, cancellationToken);

    /// <summary>PUT: creates or changes deployment <paramref name="name"/> (the same content changes nothing).</summary>
    public Task<ApiResult<OperationAccepted>> PutDeploymentAsync(string name, DeployRequest request, CancellationToken cancellationToken) =>
        SendAsync<OperationAccepted>(HttpMethod.Put, $"v1/deployments/{E(name)}", request, cancellationToken);

    public Task<ApiResult<OperationAccepted>> UndeployAsync(string name, CancellationToken cancellationToken) =>
        SendAsync<OperationAccepted>(HttpMethod.Delete, $"v1/deployments/{E(name)}", null, cancellationToken);

    public Task<ApiResult<OperationAccepted>> ExecSequenceAsync(string name, ExecRequest request, CancellationToken cancellationToken) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, $"v1/deployments/{E(name)}/exec", request, cancellationToken);

    /// <summary>The VMs of deployment <paramref name="name"/>, or of every deployment the token sees when null.</summary>
    public Task<ApiResult<List<VmView>>> ListVmsAsync(string? name, CancellationToken cancellationToken) =>
        GetAsync<List<VmView>>(name is null ? "v1/vms" : $"v1/deployments/{E(name)}/vms", cancellationToken);

    public Task<ApiResult<VmView>> GetVmAsync(string name, string vm, CancellationToken cancellationToken) =>
        GetAsync<VmView>($"v1/deployments/{E(name)}/vms/{E(vm)}", cancellationToken);

    public Task<ApiResult<VmView>> VmActionAsync(string name, string vm, VmAction action, CancellationToken cancellationToken) =>
        SendAsync<VmView>(HttpMethod.Post, $"v1/deployments/{E(name)}/vms/{E(vm)}/actions", new VmActionRequest(action), cancellationToken);

    public Task<ApiResult<VmKpisView>> GetKpisAsync(string name, string vm, CancellationToken cancellationToken) =>
        GetAsync<VmKpisView>($"v1/deployments/{E(name)}/vms/{E(vm)}/kpis", cancellationToken);

    public Task<ApiResult<VmExecResult>> ExecVmAsync(string name, string vm, VmExecRequest request, CancellationToken cancellationToken) =>
        SendAsync<VmExecResult>(HttpMethod.Post, $"v1/deployments/{E(name)}/vms/{E(vm)}/exec", request, cancellationToken);

    public Task<ApiResult<VmView>> ResizeVmAsync(string name, string vm, VmResizeRequest request, CancellationToken cancellationToken) =>
        SendAsync<VmView>(HttpMethod.Post, $"v1/deployments/{E(name)}/vms/{E(vm)}/resize", request, cancellationToken);

    public Task<ApiResult<MigrationAccepted>> MigrateVmAsync(string name, string vm, VmMigrateRequest request, CancellationToken cancellationToken) =>
        SendAsync<MigrationAccepted>(HttpMethod.Post, $"v1/deployments/{E(name)}/vms/{E(vm)}/migrate", request, cancellationToken);

    public Task<ApiResult<DrainStatus>> DrainHostAsync(string host, HostDrainRequest request, CancellationToken cancellationToken) =>
        SendAsync<DrainStatus>(HttpMethod.Post, $"v1/hosts/{E(host)}/drain", request, cancellationToken);

    public Task<ApiResult<DrainStatus>> GetHostDrainAsync(string host, CancellationToken cancellationToken) =>
        GetAsync<DrainStatus>($"v1/hosts/{E(host)}/drain", cancellationToken);

    public Task<ApiResult<DrainStatus>> UndrainHostAsync(string host, CancellationToken cancellationToken) =>
        SendAsync<DrainStatus>(HttpMethod.Delete, $"v1/hosts/{E(host)}/drain", null, cancellationToken);

    public Task<ApiResult<Operation>> UpgradeHostsAsync(HostUpgradeStartRequest request, CancellationToken cancellationToken) =>
        SendAsync<Operation>(HttpMethod.Post, "v1/hosts/upgrades", request, cancellationToken);

    public Task<ApiResult<List<HostRecord>>> ListHostsAsync(CancellationToken cancellationToken) =>
        GetAsync<List<HostRecord>>("v1/hosts", cancellationToken);

    public Task<ApiResult<List<Operation>>> ListOperationsAsync(CancellationToken cancellationToken) =>
        GetAsync<List<Operation>>("v1/operations", cancellationToken);

    public Task<ApiResult<Operation>> GetOperationAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<Operation>($"v1/operations/{E(id)}", cancellationToken);

    /// <summary>Events after sequence <paramref name="after"/> (all when null), with the revision to follow from.</summary>
    public Task<ApiResult<EventPage>> ListEventsAsync(string? after, CancellationToken cancellationToken) =>
        GetAsync<EventPage>(after is null ? "v1/events" : $"v1/events?after={E(after)}", cancellationToken);

    public Task<ApiResult<List<TokenRecord>>> ListTokensAsync(CancellationToken cancellationToken) =>
        GetAsync<List<TokenRecord>>("v1/tokens", cancellationToken);

    public Task<ApiResult<IssuedToken>> CreateTokenAsync(CreateTokenRequest request, CancellationToken cancellationToken) =>
        SendAsync<IssuedToken>(HttpMethod.Post, "v1/tokens", request, cancellationToken);

    public Task RevokeTokenAsync(string id, CancellationToken cancellationToken) =>
        SendRawAsync(HttpMethod.Delete, $"v1/tokens/{E(id)}", null, cancellationToken);

    /// <summary>
    /// Every event after store revision <paramref name="revision"/>, live, from the server-sent event stream, until
    /// <paramref name="cancellationToken"/> fires or the controller ends the stream. Yields each event's JSON too.
    /// </summary>
    public async IAsyncEnumerable<ApiResult<EventRecord>> FollowEventsAsync(long revision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"v1/events/follow?revision={revision}", UriKind.Relative));
        using var response = await SendCoreAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Problem((int)response.StatusCode, response.ReasonPhrase, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream);

            // SSE: "event: event", "data: <json>", blank line. Only data lines matter; the API sends one per event.
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    var json = line["data:".Length..].TrimStart();
                    yield return new ApiResult<EventRecord>(JsonSerializer.Deserialize<EventRecord>(json, Json)!, json);
                }
            }
        }
    }

    private static string E(string part) => Uri.EscapeDataString(part);
}
