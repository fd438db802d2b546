using Microsoft.Extensions.Logging;

namespace Nines.Agent.Guard;

/// <summary>Every fencing decision of the guard, with the host and the VM ids.</summary>
public sealed partial class FenceGuard
{
    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "fence guard of host {Host} started on {DataDirectory} (pid {Pid})")]
    private partial void LogStarted(string host, string dataDirectory, int pid);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "fence guard of host {Host} stopped on purpose: nothing fenced, the agent keeps the lease")]
    private partial void LogStopped(string host);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "host {Host}: {Decision}")]
    private partial void LogDecision(string host, string decision);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "host {Host} fenced: every VM process killed, and any that appears is killed until the host registers again")]
    private partial void LogFenced(string host);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Warning, Message = "host {Host}: killed VM {VmId} process {Pid} (fencing)")]
    private partial void LogVmKilled(string host, string vmId, int pid);

    [LoggerMessage(EventId = 1705, Level = LogLevel.Warning, Message = "host {Host}: killed the hung agent (pid {Pid})")]
    private partial void LogAgentKilled(string host, int pid);

    [LoggerMessage(EventId = 1706, Level = LogLevel.Warning, Message = "host {Host}: started a new agent (pid {Pid}); it re-attaches to the running VMs")]
    private partial void LogAgentStarted(string host, int pid);

    [LoggerMessage(EventId = 1707, Level = LogLevel.Debug, Message = "host {Host}: renewing lease {Lease} failed: {Message}")]
    private partial void LogRenewFailed(string host, long lease, string message);

    [LoggerMessage(EventId = 1708, Level = LogLevel.Error, Message = "host {Host}: fence guard step {Step} failed: {Message}")]
    private partial void LogStepFailed(string host, string step, string message);
}
