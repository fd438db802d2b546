using Nines.Api.Endpoints;

namespace Nines.Cli.Remote;

/// <summary>The availability routes: redundancy groups with their HA states, and the switchover.</summary>
public sealed partial class NinesApiClient
{
    public Task<ApiResult<List<RedundancyGroupView>>> ListRedundancyGroupsAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<List<RedundancyGroupView>>($"v1/deployments/{E(name)}/groups", cancellationToken);

    public Task<ApiResult<SwitchoverAccepted>> SwitchoverAsync(string name, string group, string? instance, CancellationToken cancellationToken) =>
        SendAsync<SwitchoverAccepted>(HttpMethod.Post, $"v1/deployments/{E(name)}/groups/{E(group)}/switchover", new SwitchoverRequest(instance), cancellationToken);
}
