using Microsoft.Extensions.Logging;

namespace Nines.Controller.LiveMigration;

/// <summary>
/// The coordinator's log (category <c>Nines.Controller.LiveMigration.MigrationCoordinator</c>): each migration's start,
/// steps and outcome, with the operation id, tenant, deployment, VM and the source and target hosts.
/// </summary>
public sealed partial class MigrationCoordinator
{
    private void LogStep(Run run, string step) =>
        LogStepReached(run.Operation.Id, run.Deployment.Tenant, run.Deployment.Name, run.Vm, run.From.Name, run.To.Name, step);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Migration {OperationId} of {Tenant}/{Deployment} vm {Vm} ({VmId}) from {SourceHost} to {TargetHost} started")]
    private partial void LogStarted(string operationId, string tenant, string deployment, string vm, string vmId, string sourceHost, string targetHost);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Migration {OperationId} of {Tenant}/{Deployment} vm {Vm} ({SourceHost} → {TargetHost}): {Step}")]
    private partial void LogStepReached(string operationId, string tenant, string deployment, string vm, string sourceHost, string targetHost, string step);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Migration {OperationId} of {Tenant}/{Deployment} vm {Vm} from {SourceHost} to {TargetHost} completed in {TotalMilliseconds} ms (downtime {DowntimeMilliseconds} ms)")]
    private partial void LogCompleted(string operationId, string tenant, string deployment, string vm, string sourceHost, string targetHost, double totalMilliseconds, double downtimeMilliseconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Migration {OperationId} of {Tenant}/{Deployment} vm {Vm} from {SourceHost} to {TargetHost}: cancel requested")]
    private partial void LogCancelRequested(string operationId, string tenant, string deployment, string vm, string sourceHost, string targetHost);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Migration {OperationId} of {Tenant}/{Deployment} vm {Vm} from {SourceHost} to {TargetHost} cancelled: the vm keeps running on its source")]
    private partial void LogCancelled(string operationId, string tenant, string deployment, string vm, string sourceHost, string targetHost);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Migration {OperationId} of {Tenant}/{Deployment} vm {Vm} from {SourceHost} to {TargetHost} failed back: {Reason}")]
    private partial void LogFailedBack(string operationId, string tenant, string deployment, string vm, string sourceHost, string targetHost, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Migration {OperationId} of {Tenant}/{Deployment} vm {Vm} from {SourceHost} to {TargetHost} failed: {Reason}")]
    private partial void LogFailed(Exception exception, string operationId, string tenant, string deployment, string vm, string sourceHost, string targetHost, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Migration {OperationId} of {Tenant}/{Deployment} vm {Vm} from {SourceHost} to {TargetHost} failed unexpectedly")]
    private partial void LogCrashed(Exception exception, string operationId, string tenant, string deployment, string vm, string sourceHost, string targetHost);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "The outcome of migration {OperationId} of {Tenant}/{Deployment} vm {Vm} could not be recorded")]
    private partial void LogOutcomeNotRecorded(Exception exception, string operationId, string tenant, string deployment, string vm);
}
