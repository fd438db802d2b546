using Microsoft.Extensions.Logging;

namespace Nines.Controller.Supervision;

/// <summary>The supervisor's log lines.</summary>
public sealed partial class LoopSupervisor
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Loop {Loop} failed; restart {Restarts} in {DelaySeconds} s")]
    private static partial void LogRestarting(ILogger logger, string loop, int restarts, double delaySeconds, Exception error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Loop {Loop} returned although it was not asked to stop; restart {Restarts} in {DelaySeconds} s")]
    private static partial void LogExited(ILogger logger, string loop, int restarts, double delaySeconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Critical, Message = "Loop {Loop} failed and cannot recover in this process (the store is gone for good)")]
    private static partial void LogFatal(ILogger logger, string loop, Exception error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Could not record the failure of loop {Loop}")]
    private static partial void LogReportFailed(ILogger logger, string loop, Exception error);
}
