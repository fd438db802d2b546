using Nines.Contracts.Agents;
using Nines.Contracts.Errors;
using Nines.Contracts.Model;

namespace Nines.Controller.Reconciliation;

/// <summary>Calls to the hosts' agents: each under the host's <see cref="HostCalls"/> token, different hosts at once.</summary>
public sealed partial class DeploymentReconciler
{
    /// <summary>The calls in flight to each host, cancelled when the host is lost (<see cref="HostLost"/>).</summary>
    public HostCalls Calls { get; } = new();

    /// <summary>
    /// <paramref name="host"/>'s registration is gone: calls waiting for its agent end now (the passes that made them
    /// retry, and find the host failed), rather than at their deadline.
    /// </summary>
    public void HostLost(string host) => Calls.Lost(host);

    private async Task<T> CallAsync<T>(HostRecord host, Func<IHostAgent, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var link = Calls.Link(host.Name, cancellationToken);
        try
        {
            return await call(_agents.Get(host), link.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && link.IsCancellationRequested)
        {
            throw new TransientDeploymentException($"host \"{host.Name}\" lost its registration while the controller waited for its agent", e);
        }
    }

    /// <summary>Runs <paramref name="call"/> on every host of <paramref name="hosts"/> at once; results in the hosts' order.</summary>
    private static Task<T[]> CallEachAsync<T>(IEnumerable<HostRecord> hosts, Func<HostRecord, CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        Task.WhenAll(hosts.Select(h => call(h, cancellationToken)));
}
