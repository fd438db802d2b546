namespace Nines.Contracts.Model;

/// <summary>Where a deployment is in its life, as the controller last observed it.</summary>
public enum DeploymentPhase
{
    /// <summary>Accepted, nothing done yet.</summary>
    Pending,

    /// <summary>Hosts are converging to the plan.</summary>
    Deploying,

    /// <summary>Every VM runs, its guest is ready and configured.</summary>
    Running,

    /// <summary>Deployed once, but some VM is no longer running (crashed, stopped): reported, not yet repaired.</summary>
    Degraded,

    /// <summary>Hosts are removing the deployment's VMs and networks.</summary>
    Undeploying,

    /// <summary>A terminal error stopped the deployment; it is not retried until the spec changes.</summary>
    Failed,
}

/// <summary>
/// Observed summary of one deployment, written by the controller at <c>/nines/deployments/&lt;tenant&gt;/&lt;name&gt;/status</c>.
/// </summary>
/// <param name="Vms">VM name → what its host last reported.</param>
/// <param name="Conditions">Why the phase is what it is (errors, warnings), newest state only.</param>
/// <param name="ObservedGeneration">The spec generation this status describes.</param>
/// <param name="OperationId">The operation tracking the work for <paramref name="ObservedGeneration"/>.</param>
public sealed record DeploymentStatus(
    DeploymentPhase Phase,
    IReadOnlyDictionary<string, VmSummary> Vms,
    IReadOnlyList<DeploymentCondition> Conditions,
    long ObservedGeneration,
    string? OperationId,
    DateTimeOffset UpdatedAt);

/// <summary>One VM as the deployment status shows it.</summary>
/// <param name="State">The driver's VM state by name (<c>Running</c>, <c>Crashed</c>…), or <c>Absent</c> when its host does not have it.</param>
public sealed record VmSummary(string Host, VmPhase State, bool GuestReady, bool Configured, string? LastError)
{
    /// <summary>The host has the VM in some state.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsPresent => State != VmPhase.Absent;
}

/// <summary>A named fact about the deployment (<c>Planned</c>, <c>Failed</c>, <c>ImageSubstituted</c>…) and why.</summary>
public sealed record DeploymentCondition(string Type, string Reason, string Message, DateTimeOffset Since);
