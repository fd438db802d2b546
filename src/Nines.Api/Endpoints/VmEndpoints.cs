using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Api.Http;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;
using Nines.Drivers;
using Nines.Drivers.Errors;

namespace Nines.Api.Endpoints;

/// <summary>
/// VMs: <c>/v1/vms</c> (every VM the caller sees) and <c>/v1/deployments/{name}/vms/...</c>: show (live from the
/// host's agent), lifecycle actions routed to the agent of the VM's host, and KPIs.
/// </summary>
internal static class VmEndpoints
{
    public static void MapVmEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/vms", ListAllAsync).WithTags("vms").WithName("ListVms");
        var group = v1.MapGroup("/deployments/{name}/vms").WithTags("vms");
        group.MapGet("/", ListAsync).WithName("ListDeploymentVms");
        group.MapGet("/{vm}", GetAsync).WithName("GetVm");
        group.MapPost("/{vm}/actions", ActAsync).RequireAuthorization(ApiCaller.OperatePolicy).WithName("VmAction");
        group.MapGet("/{vm}/kpis", KpisAsync).WithName("GetVmKpis");
    }

    private static async Task<Ok<List<VmView>>> ListAllAsync(
        ClaimsPrincipal user, DeploymentRepository deployments, HostRepository hosts, string? tenant, string? deployment, CancellationToken cancellationToken)
    {
        var views = new List<VmView>();
        foreach (var stored in await deployments.ListAsync(ApiCaller.From(user).ListTenant(tenant), cancellationToken).ConfigureAwait(false))
        {
            if (deployment is null || stored.Ref.Name == deployment)
            {
                views.AddRange(await ObservedAsync(stored, hosts, cancellationToken).ConfigureAwait(false));
            }
        }

        return TypedResults.Ok(views);
    }

    private static async Task<Results<Ok<List<VmView>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, DeploymentRepository deployments, HostRepository hosts, string name, string? tenant, CancellationToken cancellationToken)
    {
        var stored = await DeploymentEndpoints.FindAsync(ApiCaller.From(user), tenant, name, deployments, cancellationToken).ConfigureAwait(false);
        return stored is null ? DeploymentEndpoints.NotFound(name) : TypedResults.Ok(await ObservedAsync(stored, hosts, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<VmView>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, DeploymentRepository deployments, HostRepository hosts, IHostAgentDirectory agents, string name, string vm, string? tenant, CancellationToken cancellationToken)
    {
        var target = await VmTarget.FindAsync(ApiCaller.From(user), tenant, name, vm, deployments, hosts, agents, cancellationToken).ConfigureAwait(false);
        if (target.Problem is { } problem)
        {
            return problem;
        }

        var observed = (await ObservedAsync(target.Deployment!, hosts, cancellationToken).ConfigureAwait(false)).First(v => v.Name == vm);
        if (target.Agent is { } agent)
        {
            try
            {
                var status = await agent.InspectVmAsync(target.VmId, cancellationToken).ConfigureAwait(false);
                observed = observed with { State = status.State.ToString(), GuestReady = status.GuestReady };
            }
            catch (VmNotFoundException)
            {
                observed = observed with { State = null, GuestReady = false };
            }
        }

        return TypedResults.Ok(observed);
    }

    private static async Task<Results<Ok<VmView>, ValidationProblem, ProblemHttpResult>> ActAsync(
        ClaimsPrincipal user,
        DeploymentRepository deployments,
        HostRepository hosts,
        IHostAgentDirectory agents,
        EventLog events,
        string name,
        string vm,
        VmActionRequest request,
        string? tenant,
        CancellationToken cancellationToken)
    {
        var target = await VmTarget.FindAsync(ApiCaller.From(user), tenant, name, vm, deployments, hosts, agents, cancellationToken).ConfigureAwait(false);
        if (target.Problem is { } problem)
        {
            return problem;
        }

        if (request.Action is not { } action)
        {
            var errors = new ValidationErrors();
            errors.Add("action", $"is required (expected one of {string.Join(", ", Enum.GetNames<VmAction>().Select(n => n.ToLowerInvariant()))})");
            return ApiProblems.Invalid(errors);
        }

        if (target.Agent is not { } agent)
        {
            return ApiProblems.Conflict(target.Unreachable ?? $"vm \"{vm}\" is not placed on a host yet");
        }

        VmStatus status;
        try
        {
            status = await agent.ControlVmAsync(target.VmId, Enum.Parse<VmOperation>(action.ToString()), cancellationToken).ConfigureAwait(false);
        }
        catch (VmNotFoundException)
        {
            return ApiProblems.NotFound($"vm \"{vm}\" on its host");
        }
        catch (VmDriverException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: e.Code, detail: e.Message);
        }

        var verb = action.ToString().ToLowerInvariant();
        await events.AppendAsync(EventSeverity.Normal, "VmAction", $"{target.Deployment!.Ref}/{vm}", verb, $"vm \"{vm}\": {verb} → {status.State}", cancellationToken).ConfigureAwait(false);
        var observed = (await ObservedAsync(target.Deployment, hosts, cancellationToken).ConfigureAwait(false)).First(v => v.Name == vm);
        return TypedResults.Ok(observed with { State = status.State.ToString(), GuestReady = status.GuestReady });
    }

    private static async Task<Results<Ok<VmKpisView>, ProblemHttpResult>> KpisAsync(
        ClaimsPrincipal user, DeploymentRepository deployments, HostRepository hosts, IHostAgentDirectory agents, string name, string vm, string? tenant, CancellationToken cancellationToken)
    {
        var target = await VmTarget.FindAsync(ApiCaller.From(user), tenant, name, vm, deployments, hosts, agents, cancellationToken).ConfigureAwait(false);
        if (target.Problem is { } problem)
        {
            return problem;
        }

        if (target.Agent is not { } agent)
        {
            return ApiProblems.Conflict(target.Unreachable ?? $"vm \"{vm}\" is not placed on a host yet");
        }

        try
        {
            var k = await agent.SampleVmAsync(target.VmId, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new VmKpisView(
                vm,
                k.State.ToString(),
                k.SampledAt,
                k.Uptime,
                k.Vcpus,
                k.HostCpuPercent,
                k.RssBytes,
                k.GuestMemory?.ActualBytes,
                k.GuestMemory?.FreeBytes,
                [.. k.Disks.Select(d => new DiskKpisView(d.Device, d.ReadBytes, d.WrittenBytes, d.ReadOperations, d.WriteOperations))],
                [.. k.Nics.Select(n => new NicKpisView(n.NicId, n.ReceivedBytes, n.TransmittedBytes, n.ReceivedPackets, n.TransmittedPackets))],
                k.HeartbeatAge));
        }
        catch (VmNotFoundException)
        {
            return ApiProblems.NotFound($"vm \"{vm}\" on its host");
        }
        catch (VmDriverException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: e.Code, detail: e.Message);
        }
    }

    /// <summary>Every VM of the scenario with what its host last reported (the controller writes it each pass).</summary>
    internal static async Task<List<VmView>> ObservedAsync(StoredDeployment stored, HostRepository hosts, CancellationToken cancellationToken)
    {
        var placements = stored.Spec.Plan?.Placements ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var observed = new Dictionary<string, VmObserved>(StringComparer.Ordinal);
        foreach (var host in placements.Values.Distinct(StringComparer.Ordinal))
        {
            foreach (var vm in await hosts.ListVmsAsync(host, stored.Ref, cancellationToken).ConfigureAwait(false))
            {
                observed[vm.Vm] = vm;
            }
        }

        var names = stored.Scenario?.Scenario.Vms.Select(v => v.Name) ?? placements.Keys;
        return [.. names.Select(name => observed.TryGetValue(name, out var o)
            ? new VmView(stored.Ref.Tenant, stored.Ref.Name, name, stored.Ref.VmId(name), o.Host, o.State?.ToString(), o.GuestReady, o.Configured, o.LastError)
            : new VmView(stored.Ref.Tenant, stored.Ref.Name, name, stored.Ref.VmId(name), placements.GetValueOrDefault(name), null, false, false, null))];
    }
}
