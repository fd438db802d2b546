using Nines.Contracts.Repositories;

namespace Nines.Contracts.Model;

/// <summary>
/// A host agent's promise, written by the agent (without a lease, so it outlives the registration) at
/// <c>/nines/hosts/&lt;host&gt;/fencing</c>: when it cannot renew its registration lease it destroys every VM it runs
/// no later than <see cref="FenceMargin"/> before the lease could expire. A host without this key does not fence itself,
/// and its VMs are never restarted elsewhere automatically (they could still be running).
/// </summary>
/// <param name="LeaseTtl">The TTL of the host's registration lease.</param>
/// <param name="FenceMargin">How long before the lease could expire the agent fences.</param>
public sealed record HostFencingContract(TimeSpan LeaseTtl, TimeSpan FenceMargin)
{
    /// <summary>The key of <paramref name="host"/>'s contract.</summary>
    public static string Key(string host) => $"{StoreKeys.Hosts}{host}/fencing";
}
