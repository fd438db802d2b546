using System.Data.Common;
using Nines.Drivers.Errors;
using Nines.Networking.Commands;

namespace Nines.Contracts.Errors;

/// <summary>An error retrying cannot fix (the scenario, the plan, a definition the host refuses): recorded, not retried.</summary>
public sealed class TerminalDeploymentException : Exception
{
    public TerminalDeploymentException()
    {
    }

    public TerminalDeploymentException(string message)
        : base(message)
    {
    }

    public TerminalDeploymentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A short machine-readable reason (<c>InvalidScenario</c>, <c>PlacementFailed</c>…).</summary>
    public string Reason { get; init; } = "Failed";
}

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

/// <summary>
/// Which failures of a reconcile pass are worth retrying. Anything not known to be transient is a bug: the loop
/// stops (and with it the process) rather than limping on.
/// </summary>
public static class ReconcileErrors
{
    public static bool IsTransient(Exception error) => error switch
    {
        TransientDeploymentException => true,
        Contracts.Agents.StaleDesiredSetException => true,
        Nines.Store.StoreFullException => true,
        InvalidDefinitionException => false,
        VmDriverException => true,
        NetworkCommandException => true,
        IOException or TimeoutException or HttpRequestException or DbException => true,
        _ => false,
    };
}
