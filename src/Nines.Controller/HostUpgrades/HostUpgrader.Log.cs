using Microsoft.Extensions.Logging;

namespace Nines.Controller.HostUpgrades;

/// <summary>The upgrader's log (category <c>Nines.Controller.HostUpgrades.HostUpgrader</c>): each upgrade and each host's outcome.</summary>
public sealed partial class HostUpgrader
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Host upgrade {OperationId} started: hosts {Hosts}, at most {MaxUnavailable} at a time")]
    private partial void LogStarted(string operationId, string hosts, int maxUnavailable);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Host upgrade {OperationId}: host {Host} upgraded and schedulable again")]
    private partial void LogHostDone(string operationId, string host);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Host upgrade {OperationId}: host {Host} failed: {Error}")]
    private partial void LogHostFailed(string operationId, string host, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Host upgrade {OperationId} completed")]
    private partial void LogCompleted(string operationId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Host upgrade {OperationId} failed: {Error}")]
    private partial void LogFailed(string operationId, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Host upgrade {OperationId}: could not write its operation")]
    private partial void LogWriteFailed(Exception error, string operationId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Host upgrade {OperationId} abandoned: {Error}")]
    private partial void LogAbandoned(string operationId, string error);
}
