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
