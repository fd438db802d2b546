namespace Nines.Contracts.Agents;

/// <summary>
/// A host refused a desired set built from a plan older than one it has applied (<see cref="HostDeploymentDesired.PlanRevision"/>):
/// the caller reads the plan again and builds the set anew. Transient for the reconciler.
/// </summary>
public sealed class StaleDesiredSetException : Exception
{
    public StaleDesiredSetException()
    {
    }

    public StaleDesiredSetException(string message)
        : base(message)
    {
    }

    public StaleDesiredSetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
