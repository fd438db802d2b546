using System.Security.Claims;
using Nines.Contracts.Model;

namespace Nines.Api.Auth;

/// <summary>
/// Who is calling: the role and tenant of the bearer token. A tenant sees only its own resources; anything else is
/// answered as if it did not exist (404, never 403), so names of other tenants' resources do not leak.
/// </summary>
internal sealed record ApiCaller(string TokenId, ApiRole Role, string Tenant)
{
    public const string TenantClaim = "nines:tenant";

    /// <summary>Authorization policy: any valid token.</summary>
    public const string ReadPolicy = "nines:read";

    /// <summary>Authorization policy: operator or admin.</summary>
    public const string OperatePolicy = "nines:operate";

    /// <summary>Authorization policy: admin.</summary>
    public const string AdminPolicy = "nines:admin";

    public bool IsAdmin => Role == ApiRole.Admin;

    public static string RoleName(ApiRole role) => role.ToString().ToLowerInvariant();

    public static ApiCaller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var role = Enum.Parse<ApiRole>(user.FindFirstValue(ClaimTypes.Role) ?? throw new InvalidOperationException("the caller is not authenticated"), ignoreCase: true);
        return new ApiCaller(user.FindFirstValue(ClaimTypes.NameIdentifier)!, role, user.FindFirstValue(TenantClaim)!);
    }

    /// <summary>True when the caller may see resources of <paramref name="tenant"/>.</summary>
    public bool Sees(string tenant) => IsAdmin || tenant == Tenant;

    /// <summary>
    /// The tenant a request acts in: the caller's own unless an admin names another with <c>?tenant=</c>. Null when a
    /// non-admin names a tenant not its own: the resource is then reported as not found.
    /// </summary>
    public string? ActingTenant(string? requested) => requested is null || requested == Tenant ? Tenant : IsAdmin ? requested : null;

    /// <summary>The tenant filter for a list: null (all tenants) only for an admin who named none.</summary>
    public string? ListTenant(string? requested) => IsAdmin ? requested : Tenant;

    /// <summary>The deployment <paramref name="name"/> in the acting tenant, or null when it cannot exist for this caller.</summary>
    public DeploymentRef? Deployment(string? tenant, string name)
    {
        var acting = ActingTenant(tenant);
        return acting is not null && DeploymentRef.IsValidPart(acting) && DeploymentRef.IsValidPart(name) ? new DeploymentRef(acting, name) : null;
    }
}
