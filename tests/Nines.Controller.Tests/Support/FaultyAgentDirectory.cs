using Nines.Contracts.Agents;
using Nines.Contracts.Model;

namespace Nines.Controller.Tests.Support;

/// <summary>
/// Real agents behind a directory that makes the convergence of chosen deployments throw the error a bug would (an
/// <see cref="ArgumentOutOfRangeException"/> from MAC computation, say), and counts those calls.
/// </summary>
internal sealed class FaultyAgentDirectory(IHostAgentDirectory inner, Func<string, Exception?> faultOf) : IHostAgentDirectory
{
    private readonly Func<string, Exception?> _faultOf = faultOf;
    private int _faults;

    /// <summary>How many convergence calls threw the injected fault.</summary>
    public int Faults => Volatile.Read(ref _faults);

    public IHostAgent Get(HostRecord host) => new Client(this, inner.Get(host));

    private sealed class Client(FaultyAgentDirectory directory, IHostAgent agent) : IHostAgent
    {
        public string HostName => agent.HostName;

        public Task<HostDeploymentObservation> ConvergeAsync(HostDeploymentDesired desired, CancellationToken cancellationToken)
        {
            if (directory._faultOf(desired.DeploymentId) is { } fault)
            {
                Interlocked.Increment(ref directory._faults);
                throw fault;
            }

            return agent.ConvergeAsync(desired, cancellationToken);
        }

        public Task<HostDeploymentObservation> RemoveAsync(string deploymentId, CancellationToken cancellationToken) => agent.RemoveAsync(deploymentId, cancellationToken);

        public Task<IReadOnlyList<string>> ListDeploymentsAsync(CancellationToken cancellationToken) => agent.ListDeploymentsAsync(cancellationToken);
    }
}
