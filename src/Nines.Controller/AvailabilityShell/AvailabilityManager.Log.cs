using Microsoft.Extensions.Logging;
using Nines.Availability.Engine;
using Nines.Contracts.Model;

namespace Nines.Controller.AvailabilityShell;

/// <summary>
/// The manager's log (category <c>Nines.Controller.AvailabilityShell.AvailabilityManager</c>): every engine decision and
/// HA-state change as it reaches the event log (ids 1–5), the groups it starts and drops, failed health commands, and
/// its loops' failures. Each entry names the tenant, deployment, group and, where there is one, the unit and its VM id.
/// </summary>
public sealed partial class AvailabilityManager
{
    /// <summary>Logs one engine or manager event with the ids of what it is about.</summary>
    internal static void LogEvent(ILogger logger, DeploymentRef deployment, string group, IReadOnlyDictionary<string, string>? vmIds, AvailabilityEvent e)
    {
        var unit = e.Unit ?? string.Empty;
        var vmId = e.Unit is not null && vmIds?.GetValueOrDefault(e.Unit) is { } id ? id : string.Empty;
        var instance = e.Instance ?? string.Empty;
        switch (e.Kind)
        {
            case AvailabilityEventKind.RecoveryDecided:
                LogRecoveryDecided(logger, deployment.Tenant, deployment.Name, group, unit, vmId, instance, e.Message);
                break;
            case AvailabilityEventKind.HaStateChanged:
                LogHaStateChanged(logger, deployment.Tenant, deployment.Name, group, unit, vmId, instance, e.Message);
                break;
            case AvailabilityEventKind.UnitStateChanged:
                LogUnitStateChanged(logger, deployment.Tenant, deployment.Name, group, unit, vmId, instance, e.Message);
                break;
            case AvailabilityEventKind.InstantiationRequested:
                LogInstantiationRequested(logger, deployment.Tenant, deployment.Name, group, unit, vmId, instance, e.Message);
                break;
            default:
                LogHaWarning(logger, deployment.Tenant, deployment.Name, group, unit, vmId, instance, e.Message);
                break;
        }
    }

    internal static void LogEventWriteFailedFor(ILogger logger, Exception exception, DeploymentRef deployment, string group) =>
        LogEventWriteFailed(logger, exception, deployment.Tenant, deployment.Name, group);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "HA decision in {Tenant}/{Deployment} group {Group} (unit {Unit}, vm {VmId}, instance {Instance}): {Decision}")]
    private static partial void LogRecoveryDecided(ILogger logger, string tenant, string deployment, string group, string unit, string vmId, string instance, string decision);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "HA state of {Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}) for instance {Instance}: {Change}")]
    private static partial void LogHaStateChanged(ILogger logger, string tenant, string deployment, string group, string unit, string vmId, string instance, string change);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Unit state in {Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}, instance {Instance}): {Change}")]
    private static partial void LogUnitStateChanged(ILogger logger, string tenant, string deployment, string group, string unit, string vmId, string instance, string change);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Escalation in {Tenant}/{Deployment} group {Group} (unit {Unit}, vm {VmId}, instance {Instance}): {Request}")]
    private static partial void LogInstantiationRequested(ILogger logger, string tenant, string deployment, string group, string unit, string vmId, string instance, string request);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "HA warning in {Tenant}/{Deployment} group {Group} (unit {Unit}, vm {VmId}, instance {Instance}): {Warning}")]
    private static partial void LogHaWarning(ILogger logger, string tenant, string deployment, string group, string unit, string vmId, string instance, string warning);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Managing group {Group} of {Tenant}/{Deployment} (generation {Generation}): units {Units}")]
    private partial void LogGroupStarted(string tenant, string deployment, string group, long generation, string units);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "No longer managing group {Group} of {Tenant}/{Deployment} (generation {Generation}): its deployment went or changed")]
    private partial void LogGroupDropped(string tenant, string deployment, string group, long generation);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Looking for redundancy groups failed; looking again in {IntervalMilliseconds} ms")]
    private partial void LogDiscoveryFailed(Exception exception, double intervalMilliseconds);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Health command failed on {Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}) on host {Host}: {Reason}")]
    private partial void LogHealthCommandFailed(string tenant, string deployment, string group, string unit, string vmId, string host, string reason);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "Host {Host} is fenced (failed, fencing deadline passed): its units of {Tenant}/{Deployment} group {Group} count as dead ({Units})")]
    private partial void LogHostFenced(string host, string tenant, string deployment, string group, string units);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Writing an HA event of {Tenant}/{Deployment} group {Group} to the event log failed; the event writer stops")]
    private static partial void LogEventWriteFailed(ILogger logger, Exception exception, string tenant, string deployment, string group);

    [LoggerMessage(EventId = 16, Level = LogLevel.Error, Message = "The step loop of {Tenant}/{Deployment} group {Group} ended on an unexpected error")]
    private partial void LogApplyLoopFailed(Exception exception, string tenant, string deployment, string group);

    [LoggerMessage(EventId = 17, Level = LogLevel.Error, Message = "The availability monitor ended on an unexpected error: no failure event reaches the engines any more")]
    private partial void LogMonitorFailed(Exception exception);

    [LoggerMessage(EventId = 18, Level = LogLevel.Warning, Message = "Watching the quiesce confirmations of {Tenant}/{Deployment} group {Group} failed")]
    private partial void LogQuiesceWatchFailed(Exception exception, string tenant, string deployment, string group);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Switchover of instance {Instance} away from {Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}) for its move")]
    private partial void LogSwitchoverRequested(string tenant, string deployment, string group, string unit, string vmId, string instance);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "{Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}) locked out of service for its move")]
    private partial void LogUnitLocked(string tenant, string deployment, string group, string unit, string vmId);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "{Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}) cannot be handed over: {Reason}")]
    private partial void LogHandoverRefused(string tenant, string deployment, string group, string unit, string vmId, string reason);
}
