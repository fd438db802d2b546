using Microsoft.Extensions.Logging;

namespace Nines.Api.Sequences;

/// <summary>The runner's log (category <c>Nines.Api.Sequences.SequenceOperationRunner</c>): each exec operation's start and outcome.</summary>
internal sealed partial class SequenceOperationRunner
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Exec {OperationId} of sequence {Sequence} in {Tenant}/{Deployment} started on vms {Vms}")]
    private partial void LogStarted(string operationId, string tenant, string deployment, string sequence, string vms);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Exec {OperationId} of sequence {Sequence} in {Tenant}/{Deployment}: {Commands} command(s) on {VmCount} vm(s) succeeded")]
    private partial void LogCompleted(string operationId, string tenant, string deployment, string sequence, int commands, int vmCount);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Exec {OperationId} of sequence {Sequence} in {Tenant}/{Deployment} failed: {Reason}")]
    private partial void LogCommandsFailed(string operationId, string tenant, string deployment, string sequence, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Exec {OperationId} of sequence {Sequence} in {Tenant}/{Deployment} did not finish: {Reason}")]
    private partial void LogRunFailed(Exception exception, string operationId, string tenant, string deployment, string sequence, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Exec {OperationId} of sequence {Sequence} in {Tenant}/{Deployment} failed unexpectedly (its operation may not say so)")]
    private partial void LogCrashed(Exception exception, string operationId, string tenant, string deployment, string sequence);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Exec {OperationId} in {Tenant}/{Deployment} was abandoned and is failed: {Reason}")]
    private partial void LogAbandoned(string operationId, string tenant, string deployment, string reason);
}
