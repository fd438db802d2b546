using Nines.Contracts.Model;

namespace Nines.Contracts.Repositories;

/// <summary>The control plane's key layout in the store (see README.md). Directory prefixes end with '/'.</summary>
public static class StoreKeys
{
    public const string Deployments = "/nines/deployments/";
    public const string Hosts = "/nines/hosts/";
    public const string Operations = "/nines/operations/";
    public const string Events = "/nines/events/";

    /// <summary>The event counter: the last sequence handed out (one counter for every log, so sequences order all events).</summary>
    public const string EventCounter = "/nines/event-sequence";

    /// <summary>Per log, how many events it holds (<c>/nines/event-counts/&lt;log&gt;</c>), written with every append and prune.</summary>
    public const string EventCounts = "/nines/event-counts/";

    /// <summary>Per tenant, the quota an admin set (<c>/nines/quotas/&lt;tenant&gt;</c>; absent: the defaults).</summary>
    public const string Quotas = "/nines/quotas/";

    /// <summary>
    /// Per tenant, the admission fence (<c>/nines/quota-admissions/&lt;tenant&gt;</c>): every admitted change of a
    /// tenant's usage rewrites it in its commit and compares it unchanged since the usage was read, so two concurrent
    /// admissions of one tenant cannot both pass on the same usage.
    /// </summary>
    public const string QuotaAdmissions = "/nines/quota-admissions/";

    public static string Quota(string tenant) => $"{Quotas}{tenant}";

    public static string QuotaAdmission(string tenant) => $"{QuotaAdmissions}{tenant}";

    public static string Spec(DeploymentRef deployment) => $"{Deployments}{deployment.Tenant}/{deployment.Name}/spec";

    public static string Status(DeploymentRef deployment) => $"{Deployments}{deployment.Tenant}/{deployment.Name}/status";

    public static string TenantDeployments(string tenant) => $"{Deployments}{tenant}/";

    public static string HostInfo(string host) => $"{Hosts}{host}/info";

    /// <summary>Where a host's drain mark lives (controller-written, unleased: it outlives the host's registration).</summary>
    public const string Drains = "/nines/drains/";

    public static string Drain(string host) => $"{Drains}{host}";

    public static string HostVms(string host, DeploymentRef deployment) => $"{Hosts}{host}/vms/{deployment.Id}/";

    public static string HostVm(string host, DeploymentRef deployment, string vm) => $"{HostVms(host, deployment)}{vm}";

    public static string Operation(string id) => $"{Operations}{id}";

    /// <summary>An event of a log (a tenant, or <see cref="EventLog.SystemLog"/>): <c>/nines/events/&lt;log&gt;/&lt;sequence&gt;</c>.</summary>
    public static string Event(string log, string sequence) => $"{Events}{log}/{sequence}";

    /// <summary>One log's events, oldest first.</summary>
    public static string LogEvents(string log) => $"{Events}{log}/";

    public static string EventCount(string log) => $"{EventCounts}{log}";

    /// <summary>The deployment a spec key names, or null when <paramref name="key"/> is not a spec key.</summary>
    public static DeploymentRef? DeploymentOfSpecKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.StartsWith(Deployments, StringComparison.Ordinal) || !key.EndsWith("/spec", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = key[Deployments.Length..^"/spec".Length].Split('/');
        return parts.Length == 2 && DeploymentRef.IsValidPart(parts[0]) && DeploymentRef.IsValidPart(parts[1])
            ? new DeploymentRef(parts[0], parts[1])
            : null;
    }
}
