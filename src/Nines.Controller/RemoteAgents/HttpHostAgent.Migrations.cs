using Nines.Contracts.Agents;
using Nines.Contracts.AgentWire;
using Nines.Drivers;
using Nines.Drivers.Migration;

namespace Nines.Controller.RemoteAgents;

/// <summary>Live migrations over HTTP (<see cref="IHostMigrations"/>).</summary>
public sealed partial class HttpHostAgent : IHostMigrations
{
    public Task<MigrationEndpoint> PrepareIncomingMigrationAsync(HostDeploymentDesired desired, string vmId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        return SendAsync<MigrationEndpoint>(HttpMethod.Post, $"deployments/{Escape(desired.DeploymentId)}/incoming/{Escape(vmId)}", desired, ConvergeTimeout, cancellationToken);
    }

    public Task<VmStatus> CompleteIncomingMigrationAsync(string vmId, TimeSpan guestCheckTimeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        return SendAsync<VmStatus>(HttpMethod.Post, $"vms/{Escape(vmId)}/incoming/complete", new IncomingCompleteRequest(guestCheckTimeout), RequestTimeout, cancellationToken);
    }

    public Task<OutgoingMigration> StartOutgoingMigrationAsync(string vmId, MigrationEndpoint destination, MigrationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        return SendAsync<OutgoingMigration>(HttpMethod.Post, $"vms/{Escape(vmId)}/migration", new OutgoingMigrationRequest(destination, policy), ConvergeTimeout, cancellationToken);
    }

    public Task<OutgoingMigration> GetOutgoingMigrationAsync(string vmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        return SendAsync<OutgoingMigration>(HttpMethod.Get, $"vms/{Escape(vmId)}/migration", null, ReadTimeout, cancellationToken);
    }

    public Task<OutgoingMigration> CancelOutgoingMigrationAsync(string vmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        return SendAsync<OutgoingMigration>(HttpMethod.Delete, $"vms/{Escape(vmId)}/migration", null, ConvergeTimeout, cancellationToken);
    }
}
