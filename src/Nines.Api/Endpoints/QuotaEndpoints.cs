using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Api.Http;
using Nines.Api.Images;
using Nines.Contracts.Model;
using Nines.Controller.Quotas;
using Nines.Controller.Repositories;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>/v1/tenants/{tenant}/quota</c>: a tenant's limits and usage (any token of the tenant, or an admin), set by an
/// admin; <c>/v1/quota</c> is the caller's own tenant's. Admission (deploy, resize, image upload) reads the same record.
/// </summary>
internal static class QuotaEndpoints
{
    public static void MapQuotaEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/quota", GetOwnAsync).WithTags("quotas").WithName("GetOwnQuota");
        var group = v1.MapGroup("/tenants/{tenant}/quota").WithTags("quotas");
        group.MapGet("/", GetAsync).WithName("GetQuota");
        group.MapPut("/", SetAsync).RequireAuthorization(ApiCaller.AdminPolicy).WithName("SetQuota");
    }

    private static Task<Results<Ok<QuotaView>, ProblemHttpResult>> GetOwnAsync(
        ClaimsPrincipal user, QuotaRepository quotas, DeploymentRepository deployments, QuotaAccounting accounting, ImageLibrary images, CancellationToken cancellationToken) =>
        GetAsync(user, quotas, deployments, accounting, images, ApiCaller.From(user).Tenant, cancellationToken);

    private static async Task<Results<Ok<QuotaView>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, QuotaRepository quotas, DeploymentRepository deployments, QuotaAccounting accounting, ImageLibrary images, string tenant, CancellationToken cancellationToken)
    {
        if (!DeploymentRef.IsValidPart(tenant) || !ApiCaller.From(user).Sees(tenant))
        {
            return ApiProblems.NotFound($"tenant \"{tenant}\"");
        }

        var quota = await quotas.GetAsync(tenant, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await ViewAsync(tenant, quota, deployments, accounting, images, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<QuotaView>, ValidationProblem, ProblemHttpResult>> SetAsync(
        QuotaRepository quotas, DeploymentRepository deployments, QuotaAccounting accounting, ImageLibrary images, string tenant, QuotaRequest request, CancellationToken cancellationToken)
    {
        if (!DeploymentRef.IsValidPart(tenant))
        {
            return ApiProblems.NotFound($"tenant \"{tenant}\"");
        }

        var errors = Validate(request);
        if (errors.Any)
        {
            return ApiProblems.Invalid(errors);
        }

        var change = new TenantQuota(request.Vms, request.Vcpus, request.MemoryMiB, request.Deployments, request.Vlans, request.ImageBytes, request.SchedFifo);
        var stored = await quotas.SetAsync(tenant, change, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await ViewAsync(tenant, stored, deployments, accounting, images, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Every out-of-range field, named as in the body; an empty body is an error of the body.</summary>
    internal static ValidationErrors Validate(QuotaRequest request)
    {
        var errors = new ValidationErrors();
        if (request == new QuotaRequest())
        {
            errors.Add("body", "at least one of vms, vcpus, memoryMiB, deployments, vlans, imageBytes, schedFifo is required");
        }

        Range(errors, "vms", request.Vms, QuotaDefaults.MaxCount);
        Range(errors, "vcpus", request.Vcpus, QuotaDefaults.MaxCount);
        Range(errors, "memoryMiB", request.MemoryMiB, QuotaDefaults.MaxMemoryMiB);
        Range(errors, "deployments", request.Deployments, QuotaDefaults.MaxCount);
        Range(errors, "vlans", request.Vlans, QuotaDefaults.MaxCount);
        Range(errors, "imageBytes", request.ImageBytes, QuotaDefaults.MaxImageBytes);
        return errors;
    }

    private static void Range(ValidationErrors errors, string field, long? value, long max)
    {
        if (value is { } v && (v < 0 || v > max))
        {
            errors.Add(field, $"{v} is out of range (expected 0 to {max})");
        }
    }

    private static async Task<QuotaView> ViewAsync(
        string tenant, TenantQuota quota, DeploymentRepository deployments, QuotaAccounting accounting, ImageLibrary images, CancellationToken cancellationToken)
    {
        var usage = await deployments.UsageAsync(tenant, accounting, cancellationToken).ConfigureAwait(false);
        usage = usage with { ImageBytes = images.UsedBytes(tenant) };

        var schedFifo = quota.SchedFifo switch
        {
            true => "allow",
            false => "deny",
            null => "admin-only",
        };
        return new QuotaView(tenant, quota.Limits, schedFifo, usage, quota);
    }

    /// <summary>422 <c>quota exceeded</c>: every violation, by request field in <c>errors</c> and in full in <c>violations</c>.</summary>
    internal static ProblemHttpResult Exceeded(IReadOnlyList<QuotaViolation> violations)
    {
        var errors = violations.GroupBy(v => v.Field).ToDictionary(g => g.Key, g => g.Select(v => v.Message).ToArray(), StringComparer.Ordinal);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "quota exceeded",
            detail: string.Join("; ", violations.Select(v => v.Message)),
            type: "https://nines.dev/problems/quota-exceeded",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["errors"] = errors,
                ["violations"] = violations.Select(v => new QuotaViolationView(v.Field, v.Rule, v.Limit, v.Usage, v.Requested, v.Message)).ToList(),
            });
    }
}
