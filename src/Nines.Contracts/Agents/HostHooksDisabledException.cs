namespace Nines.Contracts.Agents;

/// <summary>The agent was not started with <c>--allow-hooks</c>: it runs no administrator's commands.</summary>
public sealed class HostHooksDisabledException : Exception
{
    public HostHooksDisabledException()
        : this("this host's agent does not run hooks (start it with --allow-hooks)")
    {
    }

    public HostHooksDisabledException(string message)
        : base(message)
    {
    }

    public HostHooksDisabledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
