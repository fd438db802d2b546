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
