namespace Nines.Agent.Convergence;

/// <summary>The host fenced itself and starts nothing until it is registered again (transient for the controller).</summary>
public sealed class HostFencedException : IOException
{
    public HostFencedException()
    {
    }

    public HostFencedException(string message)
        : base(message)
    {
    }

    public HostFencedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
