using Nines.Controller.Quotas;

namespace Nines.Api.Contracts;

/// <summary>
/// A tenant's quota: the limits in force, what the tenant uses now beside them, and the fields an admin set (the others
/// are defaults). <paramref name="SchedFifo"/> is <c>allow</c>, <c>deny</c> or <c>admin-only</c> (unset: only deploys
/// made with an admin token may ask for it).
/// </summary>
public sealed record QuotaView(string Tenant, QuotaLimits Limits, string SchedFifo, QuotaUsage Usage, TenantQuota Set);
