using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Api.Http;
using Nines.Api.Sequences;
using Nines.Contracts.Model;
using Nines.Controller.Quotas;
using Nines.Controller.Repositories;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Drivers.HostPaths;
using Nines.Scenarios;
using Nines.Scenarios.Native;
using Nines.Scenarios.Restrictions;
using Nines.Scenarios.Validation;
using Nines.Scheduling;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>/v1/deployments</c>: deploy (validate everything, write the desired state and its operation in one
/// transaction, answer 202 with the operation), list, status, undeploy, and run a command sequence.
/// </summary>
internal static class DeploymentEndpoints
{
    public static void MapDeploymentEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/deployments").WithTags("deployments");
        group.MapGet("/", ListAsync).WithName("ListDeployments");
        group.MapPost("/", DeployAsync).RequireAuthorization(ApiCaller.OperatePolicy).WithName("Deploy");
        group.MapPut("/{name}", DeployNamedAsync).RequireAuthorization(ApiCaller.OperatePolicy).WithName("DeployNamed");
        group.MapGet("/{name}", GetAsync).WithName("GetDeployment");
        group.MapDelete("/{name}", UndeployAsync).RequireAuthorization(ApiCaller.OperatePolicy).WithName("Undeploy");
        group.MapPost("/{name}/exec", ExecAsync).RequireAuthorization(ApiCaller.OperatePolicy).WithName("ExecSequence");
    }

    private static async Task<Ok<List<DeploymentView>>> ListAsync(ClaimsPrincipal user, DeploymentRepository deployments, string? tenant, CancellationToken cancellationToken)
    {
        var caller = ApiCaller.From(user);
        var views = new List<DeploymentView>();
        foreach (var stored in await deployments.ListAsync(caller.ListTenant(tenant), cancellationToken).ConfigureAwait(false))
        {
            views.Add(View(stored, await deployments.GetStatusAsync(stored.Ref, cancellationToken).ConfigureAwait(false)));
        }

        return TypedResults.Ok(views);
    }

    private static Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> DeployAsync(
        ClaimsPrincipal user, DeploymentRepository deployments, HostPathPolicy hostPaths, QuotaAccounting accounting, DeployRequest request, string? tenant, CancellationToken cancellationToken) =>
        ApplyAsync(ApiCaller.From(user), tenant, null, request, deployments, hostPaths, accounting, cancellationToken);

    private static Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> DeployNamedAsync(
        ClaimsPrincipal user, DeploymentRepository deployments, HostPathPolicy hostPaths, QuotaAccounting accounting, string name, DeployRequest request, string? tenant, CancellationToken cancellationToken) =>
        ApplyAsync(ApiCaller.From(user), tenant, name, request, deployments, hostPaths, accounting, cancellationToken);

    private static async Task<Results<Ok<DeploymentView>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, DeploymentRepository deployments, string name, string? tenant, CancellationToken cancellationToken)
    {
        var stored = await FindAsync(ApiCaller.From(user), tenant, name, deployments, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return NotFound(name);
        }

        return TypedResults.Ok(View(stored, await deployments.GetStatusAsync(stored.Ref, cancellationToken).ConfigureAwait(false)));
    }

    private static async Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> UndeployAsync(
        ClaimsPrincipal user, DeploymentRepository deployments, string name, string? tenant, CancellationToken cancellationToken)
    {
        var deployment = ApiCaller.From(user).Deployment(tenant, name);
        var stored = deployment is { } d ? await deployments.MarkDeletedAsync(d, cancellationToken).ConfigureAwait(false) : null;
        return stored is null ? NotFound(name) : Accepted(stored, []);
    }

    private static async Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> ExecAsync(
        ClaimsPrincipal user, DeploymentRepository deployments, SequenceOperationRunner runner, string name, ExecRequest request, string? tenant, CancellationToken cancellationToken)
    {
        var stored = await FindAsync(ApiCaller.From(user), tenant, name, deployments, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Spec.Deleted)
        {
            return NotFound(name);
        }

        var started = await runner.StartAsync(stored, request, cancellationToken).ConfigureAwait(false);
        return started.Errors is { } errors
            ? ApiProblems.Invalid(errors)
            : started.Operation is { } operation
                ? TypedResults.Accepted($"/v1/operations/{operation.Id}", new OperationAccepted(stored.Ref.Tenant, stored.Ref.Name, stored.Spec.Generation, operation.Id, []))
                : ApiProblems.Conflict(started.Conflict!);
    }

    private static async Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        ApiCaller caller, string? tenant, string? pathName, DeployRequest request, DeploymentRepository deployments, HostPathPolicy hostPaths, QuotaAccounting accounting, CancellationToken cancellationToken)
    {
        var acting = caller.ActingTenant(tenant);
        if (acting is null || !DeploymentRef.IsValidPart(acting))
        {
            return ApiProblems.NotFound($"tenant \"{tenant}\"");
        }

        var errors = new ValidationErrors();
        var diagnostics = new List<Diagnostic>();
        ScenarioDocument? document = null;
        if (string.IsNullOrWhiteSpace(request.Scenario))
        {
            errors.Add("scenario", "is required: the scenario text (VNUML XML, native YAML or OVF)");
        }
        else
        {
            var parsed = ScenarioReader.Read(request.Scenario, request.Source ?? "scenario", request.Configuration);

            // What `nines validate` only warns about but no tenant may make a host do (a default host route) is refused here.
            var refusals = SubmissionRules.Refusals(parsed.Diagnostics);
            diagnostics.AddRange(parsed.Diagnostics.Where(d => d.IsError || !refusals.Contains(d with { Severity = DiagnosticSeverity.Error })));
            diagnostics.AddRange(refusals);
            foreach (var error in parsed.Errors.Concat(refusals))
            {
                errors.Add("scenario", error.ToString());
            }

            document = parsed.Succeeded ? parsed.Value : null;
        }

        var name = NameOf(pathName, request, document, errors);
        if (request.Algorithm is { } algorithm && Partitioners.Find(algorithm) is null)
        {
            errors.Add("algorithm", $"unknown partitioning algorithm \"{algorithm}\" (expected one of {string.Join(", ", Partitioners.Names)})");
        }

        if (request.Restrictions is { } restrictionsText)
        {
            var restrictions = EdivRestrictionsReader.Read(restrictionsText, "restrictions");
            diagnostics.AddRange(restrictions.Diagnostics);
            foreach (var error in restrictions.Errors)
            {
                errors.Add("restrictions", error.ToString());
            }
        }

        if (document is not null && name is not null)
        {
            CheckVmIds(new DeploymentRef(acting, name), document, errors);
        }

        // The host-resource policy: kernels, images, filesystems only from the image libraries this tenant may use.
        // Admins get no exception (README: "Host paths").
        foreach (var refused in document is null ? [] : HostPathCheck.Scenario(hostPaths, acting, document))
        {
            diagnostics.Add(refused);
            errors.Add("scenario", refused.ToString());
        }

        if (errors.Any || document is null || name is null)
        {
            return ApiProblems.Invalid(errors, diagnostics);
        }

        // Admission against the tenant's quota is decided and committed in one store transaction (see ApplyWithinQuotaAsync).
        var yaml = NativeScenarioWriter.Write(document.Scenario);
        var requested = QuotaUsage.Of(document.Scenario, accounting.DefaultMemoryMiB, accounting.DefaultVcpus);
        var admission = await deployments.ApplyWithinQuotaAsync(
            new DeploymentRef(acting, name),
            yaml,
            request.Algorithm,
            request.Restrictions,
            accounting,
            (quota, others, current) => QuotaPolicy.CheckDeployment(acting, quota, others, current, requested, document.Scenario, caller.IsAdmin),
            cancellationToken).ConfigureAwait(false);
        return admission.Stored is { } stored
            ? Accepted(stored, [.. diagnostics.Where(d => !d.IsError).Select(d => d.ToString())])
            : QuotaEndpoints.Exceeded(admission.Violations);
    }

    // PUT names the deployment in the path (a body name must agree); POST in the body, else after the scenario.
    private static string? NameOf(string? pathName, DeployRequest request, ScenarioDocument? document, ValidationErrors errors)
    {
        if (pathName is not null && request.Name is not null && request.Name != pathName)
        {
            errors.Add("name", $"\"{request.Name}\" differs from the name in the path \"{pathName}\" (leave it out or make them equal)");
            return null;
        }

        var name = pathName ?? request.Name ?? document?.Scenario.Name.ToLowerInvariant();
        if (name is not null && !DeploymentRef.IsValidPart(name))
        {
            errors.Add("name", $"\"{name}\" is not a valid deployment name (expected 1-63 of a-z 0-9 _ -, starting with a letter or digit)");
            return null;
        }

        return name;
    }

    // Hosts run each VM as tenant.deployment.vm, and drivers refuse ids longer than they can put in file and cgroup
    // names: only here are all three parts known, so the scenario alone cannot be checked for it.
    private static void CheckVmIds(DeploymentRef deployment, ScenarioDocument document, ValidationErrors errors)
    {
        foreach (var vm in document.Scenario.Vms.Where(v => ScenarioLimits.IsSafeVmName(v.Name)))
        {
            var id = deployment.VmId(vm.Name);
            if (id.Length > ScenarioLimits.MaxVmIdLength)
            {
                errors.Add(
                    "scenario",
                    $"{document.Map.Locate(vm)}: vm[{vm.Name}]: the VM's id on its host, \"{id}\", has {id.Length} characters, more than the {ScenarioLimits.MaxVmIdLength} drivers accept (shorten the VM name, the deployment name or the tenant)");
            }
        }
    }

    internal static async Task<StoredDeployment?> FindAsync(ApiCaller caller, string? tenant, string name, DeploymentRepository deployments, CancellationToken cancellationToken) =>
        caller.Deployment(tenant, name) is { } deployment ? await deployments.GetAsync(deployment, cancellationToken).ConfigureAwait(false) : null;

    internal static ProblemHttpResult NotFound(string name) => ApiProblems.NotFound($"deployment \"{name}\"");

    private static Accepted<OperationAccepted> Accepted(StoredDeployment stored, IReadOnlyList<string> warnings)
    {
        var operationId = stored.Spec.OperationId ?? string.Empty;
        return TypedResults.Accepted($"/v1/operations/{operationId}", new OperationAccepted(stored.Ref.Tenant, stored.Ref.Name, stored.Spec.Generation, operationId, warnings));
    }

    private static DeploymentView View(StoredDeployment stored, DeploymentStatus? status) =>
        new(
            stored.Ref.Tenant,
            stored.Ref.Name,
            stored.Scenario?.Scenario.Name ?? stored.Ref.Name,
            stored.Spec.Generation,
            stored.Spec.Deleted,
            stored.Spec.Algorithm,
            stored.Spec.Plan?.Placements ?? new Dictionary<string, string>(StringComparer.Ordinal),
            stored.Spec.OperationId,
            status);
}
