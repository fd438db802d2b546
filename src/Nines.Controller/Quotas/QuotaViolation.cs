namespace Nines.Controller.Quotas;

/// <summary>
/// One quota a request would break: the request's <paramref name="Field"/>, the quota <paramref name="Rule"/> (a field
/// of <see cref="TenantQuota"/>), the limit, what the tenant uses without the request and what the request asks for.
/// </summary>
public sealed record QuotaViolation(string Field, string Rule, long Limit, long Usage, long Requested, string Message);
