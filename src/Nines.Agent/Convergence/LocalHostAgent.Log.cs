using Microsoft.Extensions.Logging;
using Nines.Drivers;

namespace Nines.Agent.Convergence;

/// <summary>
/// The host agent's log (category <c>Nines.Agent.Convergence.LocalHostAgent</c>): what it does to VMs (define,
/// start, configure, operate, remove), what it sees go down, its failed passes and the host side of migrations. Every
/// entry names the host and the VM id (<c>tenant.deployment.vm</c>) or the deployment id.
/// </summary>
public sealed partial class LocalHostAgent
{
    // VM id → the boot (status Since) whose end was logged: a converge pass sees a down VM every time, the log once.
    private readonly Dictionary<string, DateTimeOffset> _loggedDown = new(StringComparer.Ordinal);

    private void NoteDown(string vmId, VmStatus status)
    {
        if (_loggedDown.TryGetValue(vmId, out var boot) && boot == status.Since)
        {
            return;
        }

        _loggedDown[vmId] = status.Since;
        var reason = status.ExitReason?.Message ?? "no exit reason";
        if (status.State == VmState.Crashed)
        {
            LogVmCrashed(HostName, vmId, reason);
        }
        else
        {
            LogVmStopped(HostName, vmId, reason);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Host {Host}: re-attached to {Count} vm(s) left running: {VmIds}; found not running: {DownVmIds}")]
    private partial void LogReattached(string host, int count, string vmIds, string downVmIds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Host {Host}: converging deployment {DeploymentId} failed: {Reason}")]
    private partial void LogConvergeFailed(string host, string deploymentId, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Host {Host}: vm {VmId} defined")]
    private partial void LogVmDefined(string host, string vmId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Host {Host}: vm {VmId} started")]
    private partial void LogVmStarted(string host, string vmId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Host {Host}: vm {VmId}'s guest network configured")]
    private partial void LogGuestConfigured(string host, string vmId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Host {Host}: {Action} of vm {VmId} failed: {Reason}")]
    private partial void LogVmFailed(string host, string vmId, string action, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Host {Host}: vm {VmId} crashed: {Reason}")]
    private partial void LogVmCrashed(string host, string vmId, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Host {Host}: vm {VmId} is stopped: {Reason}")]
    private partial void LogVmStopped(string host, string vmId, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Host {Host}: vm {VmId} destroyed and removed")]
    private partial void LogVmRemoved(string host, string vmId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Host {Host}: {Operation} of vm {VmId}")]
    private partial void LogVmOperation(string host, string vmId, VmOperation operation);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Host {Host}: migration of vm {VmId}: {Step} ({Detail})")]
    private partial void LogMigrationStep(string host, string vmId, string step, string detail);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Host {Host}: outgoing migration of vm {VmId} to {Destination} failed: {Reason}")]
    private partial void LogOutgoingFailed(string host, string vmId, string destination, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Host {Host}: refused the desired set of {DeploymentId} at plan revision {Revision}: revision {Applied} is applied already")]
    private partial void LogStalePlanRefused(string host, string deploymentId, long revision, long applied);
}
