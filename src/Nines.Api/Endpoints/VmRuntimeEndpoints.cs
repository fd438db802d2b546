using System.Security.Claims;
using System.Text.RegularExpressions;
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
using Nines.Controller.Quotas;
using Nines.Controller.Repositories;
using Nines.Drivers;
using Nines.Drivers.Errors;

namespace Nines.Api.Endpoints;

/// <summary>
/// What a user does inside or to a running VM beside its lifecycle: <c>exec</c> (one guest command, answered
/// synchronously with its exit code and output) and <c>resize</c> (run-time QoS change), both routed to the agent of
/// the VM's host.
/// </summary>
internal static partial class VmRuntimeEndpoints
{
    private const int MaxTimeoutSeconds = 3600;

    public static void MapVmRuntimeEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/deployments/{name}/vms").WithTags("vms").RequireAuthorization(ApiCaller.OperatePolicy);
        group.MapPost("/{vm}/exec", ExecAsync).WithName("VmExec");
        group.MapPost("/{vm}/resize", ResizeAsync).WithName("VmResize");
    }

    private static async Task<Results<Ok<VmExecResult>, ValidationProblem, ProblemHttpResult>> ExecAsync(
        ClaimsPrincipal user,
        DeploymentRepository deployments,
        HostRepository hosts,
        IHostAgentDirectory agents,
        EventLog events,
        string name,
        string vm,
        VmExecRequest request,
        string? tenant,
        CancellationToken cancellationToken)
    {
        var target = await VmTarget.FindAsync(ApiCaller.From(user), tenant, name, vm, deployments, hosts, agents, cancellationToken).ConfigureAwait(false);
        if (target.Problem is { } problem)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        if (request.Command is not { Count: > 0 } command || string.IsNullOrEmpty(command[0]))
        {
            errors.Add("command", "is required: the program and its arguments, e.g. [\"ip\", \"addr\"]");
        }

        if (request.TimeoutSeconds is { } seconds && seconds is < 1 or > MaxTimeoutSeconds)
        {
            errors.Add("timeoutSeconds", $"{seconds} is out of range (expected 1 to {MaxTimeoutSeconds})");
        }

        if (errors.Any)
        {
            return ApiProblems.Invalid(errors);
        }

        if (target.Agent is not { } agent)
        {
            return ApiProblems.Conflict(target.Unreachable ?? $"vm \"{vm}\" is not placed on a host yet");
        }

        var guestCommand = new GuestCommand(
            request.Command![0],
            [.. request.Command.Skip(1)],
            request.Input,
            request.TimeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : null);
        GuestExecResult result;
        try
        {
            result = await agent.ExecVmAsync(target.VmId, guestCommand, cancellationToken).ConfigureAwait(false);
        }
        catch (VmNotFoundException)
        {
            return ApiProblems.NotFound($"vm \"{vm}\" on its host");
        }
        catch (VmDriverException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: e.Code, detail: e.Message);
        }

        await events.AppendAsync(
            EventSeverity.Normal, "VmExec", $"{target.Deployment!.Ref}/{vm}", "exec", $"vm \"{vm}\": {guestCommand} → exit {result.ExitCode}", cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new VmExecResult(result.ExitCode, result.StandardOutput, result.StandardError));
    }

    private static async Task<Results<Ok<VmView>, ValidationProblem, ProblemHttpResult>> ResizeAsync(
        ClaimsPrincipal user,
        DeploymentRepository deployments,
        HostRepository hosts,
        IHostAgentDirectory agents,
        EventLog events,
        QuotaRepository quotas,
        QuotaAccounting accounting,
        string name,
        string vm,
        VmResizeRequest request,
        string? tenant,
        CancellationToken cancellationToken)
    {
        var target = await VmTarget.FindAsync(ApiCaller.From(user), tenant, name, vm, deployments, hosts, agents, cancellationToken).ConfigureAwait(false);
        if (target.Problem is { } problem)
        {
            return problem;
        }

        var errors = Validate(request);
        if (errors.Any)
        {
            return ApiProblems.Invalid(errors);
        }

        if (target.Agent is not { } agent)
        {
            return ApiProblems.Conflict(target.Unreachable ?? $"vm \"{vm}\" is not placed on a host yet");
        }

        if (request.MemoryLimitMiB is not null || request.CpuQuotaPercent is not null)
        {
            // Bounded by the tenant's quota (its other VMs' memory plus this VM's new limit) and by the VM's host.
            var owner = target.Deployment!.Ref.Tenant;
            var quota = await quotas.GetAsync(owner, cancellationToken).ConfigureAwait(false);
            var usage = await deployments.UsageAsync(owner, accounting, cancellationToken).ConfigureAwait(false);
            var spec = target.Deployment.Scenario!.Scenario;
            var vmMemory = spec.Effective(spec.FindVm(vm)!).MemoryMiB ?? accounting.DefaultMemoryMiB;
            var violations = QuotaPolicy.CheckResize(
                owner, quota, usage, vmMemory, request.MemoryLimitMiB, request.CpuQuotaPercent, target.Host?.MemoryMiB ?? 0, target.Host?.Vcpus);
            if (violations.Count > 0)
            {
                return QuotaEndpoints.Exceeded(violations);
            }
        }

        var change = new QosChange(request.CpuQuotaPercent, request.CpuShares, request.MemoryLimitMiB, request.PidsLimit, request.CpuPinning);
        VmStatus status;
        try
        {
            status = await agent.ResizeVmAsync(target.VmId, change, cancellationToken).ConfigureAwait(false);
        }
        catch (VmNotFoundException)
        {
            return ApiProblems.NotFound($"vm \"{vm}\" on its host");
        }
        catch (VmDriverException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: e.Code, detail: e.Message);
        }

        await events.AppendAsync(EventSeverity.Normal, "VmResized", $"{target.Deployment!.Ref}/{vm}", "resize", $"vm \"{vm}\": resized ({Describe(change)})", cancellationToken).ConfigureAwait(false);
        var observed = (await VmEndpoints.ObservedAsync(target.Deployment, hosts, cancellationToken).ConfigureAwait(false)).First(v => v.Name == vm);
        return TypedResults.Ok(observed with { State = status.State.ToString(), GuestReady = status.GuestReady });
    }

    /// <summary>Every out-of-range field, named as in the body; an empty change is an error of the body.</summary>
    internal static ValidationErrors Validate(VmResizeRequest request)
    {
        var errors = new ValidationErrors();
        if (request is { CpuQuotaPercent: null, CpuShares: null, MemoryLimitMiB: null, PidsLimit: null, CpuPinning: null })
        {
            errors.Add("body", "at least one of cpuQuotaPercent, cpuShares, memoryLimitMiB, pidsLimit, cpuPinning is required");
        }

        Range(errors, "cpuQuotaPercent", request.CpuQuotaPercent, 0, 100_000);
        Range(errors, "cpuShares", request.CpuShares, 2, 262_144);
        Range(errors, "memoryLimitMiB", request.MemoryLimitMiB, 4, 16L * 1024 * 1024);
        Range(errors, "pidsLimit", request.PidsLimit, 0, 4_194_304);
        if (request.CpuPinning is { } pinning && !CpuSetPattern().IsMatch(pinning))
        {
            errors.Add("cpuPinning", $"\"{pinning}\" is not a CPU list (expected cpuset syntax such as 0-1,3)");
        }

        return errors;
    }

    private static void Range(ValidationErrors errors, string field, long? value, long min, long max)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors.Add(field, $"{v} is out of range (expected {min} to {max})");
        }
    }

    private static string Describe(QosChange change) =>
        string.Join(", ", new[]
        {
            change.CpuQuotaPercent is { } q ? $"cpu quota {q}%" : null,
            change.CpuShares is { } s ? $"cpu shares {s}" : null,
            change.MemoryLimitMiB is { } m ? $"memory {m} MiB" : null,
            change.PidsLimit is { } p ? $"pids {p}" : null,
            change.CpuPinning is { } c ? $"cpus {c}" : null,
        }.OfType<string>());

    [GeneratedRegex(@"^[0-9]{1,4}(-[0-9]{1,4})?(,[0-9]{1,4}(-[0-9]{1,4})?)*\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CpuSetPattern();
}
