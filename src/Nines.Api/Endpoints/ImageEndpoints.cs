using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Api.Http;
using Nines.Api.Images;
using Nines.Contracts.Model;
using Nines.Controller.Repositories;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>/v1/images</c>: a tenant's own disk images (<c>DATA/images/&lt;tenant&gt;/&lt;name&gt;</c>), uploaded as the raw
/// request body with the format always said (<c>?format=raw|qcow2</c>), listed and deleted; every route acts in the
/// caller's tenant (an admin names another with <c>?tenant=</c>), so no tenant sees another's images.
/// </summary>
internal static class ImageEndpoints
{
    public static void MapImageEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/images").WithTags("images");
        group.MapGet("/", List).WithName("ListImages");
        group.MapPut("/{name}", UploadAsync).RequireAuthorization(ApiCaller.OperatePolicy).WithName("UploadImage")
            .Accepts<Stream>("application/octet-stream");
        group.MapDelete("/{name}", Delete).RequireAuthorization(ApiCaller.OperatePolicy).WithName("DeleteImage");
    }

    private static Results<Ok<IReadOnlyList<ImageView>>, ProblemHttpResult> List(ClaimsPrincipal user, ImageLibrary images, string? tenant)
    {
        if (Problem(user, images, tenant, out var acting) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(images.List(acting));
    }

    private static async Task<Results<Created<ImageView>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext context, ClaimsPrincipal user, ImageLibrary images, QuotaRepository quotas, string name, string? format, string? tenant, CancellationToken cancellationToken)
    {
        if (Problem(user, images, tenant, out var acting) is { } problem)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        if (!ImageName.IsValid(name))
        {
            errors.Add("name", $"\"{name}\" is not a valid image name ({ImageName.Rule})");
        }

        if (!ImageName.IsFormat(format))
        {
            errors.Add("format", format is null
                ? "is required (?format=raw or ?format=qcow2): the format is never guessed"
                : $"\"{format}\" is not a format images are taken in (expected raw or qcow2)");
        }

        if (errors.Any)
        {
            return ApiProblems.Invalid(errors);
        }

        // The image-bytes quota bounds the body; Kestrel's default 30 MB cap would refuse most disks.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var quota = await quotas.GetAsync(acting, cancellationToken).ConfigureAwait(false);
        var result = await images.UploadAsync(acting, name, format!, context.Request.Body, context.Request.ContentLength, quota, cancellationToken).ConfigureAwait(false);
        if (result.Quota is { } violation)
        {
            return QuotaEndpoints.Exceeded([violation]);
        }

        if (result.Image is not { } image)
        {
            errors.Add(result.Field!, result.Error!);
            return ApiProblems.Invalid(errors);
        }

        return TypedResults.Created($"/v1/images/{image.Name}", image);
    }

    private static Results<NoContent, ProblemHttpResult> Delete(ClaimsPrincipal user, ImageLibrary images, string name, string? tenant)
    {
        if (Problem(user, images, tenant, out var acting) is { } problem)
        {
            return problem;
        }

        return images.Delete(acting, name) ? TypedResults.NoContent() : ApiProblems.NotFound($"image \"{name}\"");
    }

    private static ProblemHttpResult? Problem(ClaimsPrincipal user, ImageLibrary images, string? tenant, out string acting)
    {
        acting = ApiCaller.From(user).ActingTenant(tenant) ?? string.Empty;
        if (!DeploymentRef.IsValidPart(acting))
        {
            return ApiProblems.NotFound($"tenant \"{tenant}\"");
        }

        return images.IsConfigured
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "no image library", detail: "this controller keeps no image library (its host registered no ImageLibraryOptions)");
    }
}
