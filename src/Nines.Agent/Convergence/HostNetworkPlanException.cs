namespace Nines.Agent.Convergence;

/// <summary>The network planner refused a deployment (every diagnostic in the message): not fixed by retrying.</summary>
public sealed class HostNetworkPlanException : Exception
{
    public HostNetworkPlanException()
    {
    }

    public HostNetworkPlanException(string message)
        : base(message)
    {
    }

    public HostNetworkPlanException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
