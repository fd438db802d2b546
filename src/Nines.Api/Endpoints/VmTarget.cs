using Microsoft.AspNetCore.Http.HttpResults;
using Nines.Api.Auth;
using Nines.Api.Http;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;

namespace Nines.Api.Endpoints;

/// <summary>
/// One VM a request names, resolved for the caller: its deployment (404 when the caller's tenant has none of that
/// name), the VM in the scenario (404), and the agent of the host the committed plan put it on (when reachable).
/// </summary>
internal sealed record VmTarget(StoredDeployment? Deployment, string VmId, IHostVmOperations? Agent, string? Unreachable, ProblemHttpResult? Problem)
{
    /// <summary>The registration of the VM's host, when it is placed on a registered one (its capacity bounds a resize).</summary>
    public HostRecord? Host { get; init; }

    public static async Task<VmTarget> FindAsync(
        ApiCaller caller,
        string? tenant,
        string name,
        string vm,
        DeploymentRepository deployments,
        HostRepository hosts,
        IHostAgentDirectory agents,
        CancellationToken cancellationToken)
    {
        var stored = await DeploymentEndpoints.FindAsync(caller, tenant, name, deployments, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return new VmTarget(null, string.Empty, null, null, DeploymentEndpoints.NotFound(name));
        }

        if (stored.Scenario?.Scenario.FindVm(vm) is null)
        {
            return new VmTarget(stored, string.Empty, null, null, ApiProblems.NotFound($"vm \"{vm}\" in deployment \"{name}\""));
        }

        var vmId = stored.Ref.VmId(vm);
        if (stored.Spec.Plan?.Placements.GetValueOrDefault(vm) is not { } hostName)
        {
            return new VmTarget(stored, vmId, null, null, null);
        }

        var host = (await hosts.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(h => h.Name == hostName);
        if (host is null)
        {
            return new VmTarget(stored, vmId, null, $"host \"{hostName}\" of vm \"{vm}\" is not registered (its agent stopped heartbeating)", null);
        }

        return agents.Get(host) is IHostVmOperations agent
            ? new VmTarget(stored, vmId, agent, null, null) { Host = host }
            : new VmTarget(stored, vmId, null, $"the agent of host \"{hostName}\" does not take vm operations", null) { Host = host };
    }
}
