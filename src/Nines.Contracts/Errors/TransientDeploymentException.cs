namespace Nines.Contracts.Errors;

/// <summary>A condition that may clear by itself (a host not yet converged with an error, no host registered): retried with backoff.</summary>
public sealed class TransientDeploymentException : Exception
{
    public TransientDeploymentException()
    {
    }

    public TransientDeploymentException(string message)
        : base(message)
    {
    }

    public TransientDeploymentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
