using Nines.Contracts.Errors;

namespace Nines.Controller.Reconciliation;

/// <summary>Why a pass fails: terminal (with a condition reason) or transient (retried with backoff).</summary>
internal sealed record DeployFailure(bool Terminal, string? Reason, string Message)
{
    public static DeployFailure Transient(string message) => new(false, null, message);

    public static DeployFailure Permanent(string reason, string message) => new(true, reason, message);

    public Exception ToException() => Terminal
        ? new TerminalDeploymentException(Message) { Reason = Reason! }
        : new TransientDeploymentException(Message);
}
