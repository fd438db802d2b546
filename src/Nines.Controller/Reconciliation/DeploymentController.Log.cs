using Microsoft.Extensions.Logging;

namespace Nines.Controller.Reconciliation;

/// <summary>The controller loop's log lines (tenant and deployment also in the worker's scope).</summary>
public sealed partial class DeploymentController
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Reconciling {Tenant}/{Deployment} failed with an unexpected error; the deployment is failed, the other deployments carry on")]
    private static partial void LogReconcileFailed(ILogger logger, string tenant, string deployment, Exception error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Deployment {Tenant}/{Deployment} marked Failed (operation {OperationId}, {ErrorKind}); not retried until its spec changes")]
    private static partial void LogMarkedFailed(ILogger logger, string tenant, string deployment, string operationId, string errorKind);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Could not record the failure of {Tenant}/{Deployment}; looking again in {DelaySeconds} s")]
    private static partial void LogRecordFailed(ILogger logger, string tenant, string deployment, double delaySeconds, Exception error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Reconciling {Tenant}/{Deployment} hit a transient error ({ErrorKind}: {ErrorMessage}); retry {Attempt} in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, string tenant, string deployment, int attempt, double delaySeconds, string errorKind, string errorMessage);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Could not write the retry event of {Tenant}/{Deployment}; the retry is queued anyway")]
    private static partial void LogEventFailed(ILogger logger, string tenant, string deployment, Exception error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Orphan sweep of host {Host} failed; orphans there are swept at the next start")]
    private static partial void LogSweepFailed(ILogger logger, string host, Exception error);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Host {Host} lost its registration; its calls in flight are cancelled and every deployment is looked at again")]
    private static partial void LogHostLost(ILogger logger, string host);
}
