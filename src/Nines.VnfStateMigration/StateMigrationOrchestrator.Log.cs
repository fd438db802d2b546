using Microsoft.Extensions.Logging;

namespace Nines.VnfStateMigration;

/// <summary>The orchestrator's log (category <c>Nines.VnfStateMigration.StateMigrationOrchestrator</c>): each step with its time, and a rollback with its cause.</summary>
public sealed partial class StateMigrationOrchestrator
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "State migration {SourceHost} → {TargetHost}: {Step} at {AtMilliseconds} ms: {Detail}")]
    private partial void LogStep(string sourceHost, string targetHost, StateMigrationStep step, double atMilliseconds, string detail);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "State migration {SourceHost} → {TargetHost} failed and rolls back: {Reason}")]
    private partial void LogRolledBack(System.Exception exception, string sourceHost, string targetHost, string reason);
}
