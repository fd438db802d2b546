namespace Nines.Api.Auth;

/// <summary>What a bearer token may do. Ordered: each role can do everything the ones before it can.</summary>
public enum ApiRole
{
    /// <summary>Reads its tenant's deployments, VMs, operations and events; lists hosts.</summary>
    Viewer,

    /// <summary>Also deploys, undeploys, runs sequences and VM operations in its tenant.</summary>
    Operator,

    /// <summary>Everything, in every tenant, including token management.</summary>
    Admin,
}
