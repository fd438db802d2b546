using Microsoft.Extensions.Logging;
using Nines.Availability.Engine;

namespace Nines.Controller.AvailabilityShell;

/// <summary>
/// The applier's log (category <c>Nines.Controller.AvailabilityShell.HostRecoveryApplier</c>): each step as it starts and
/// ends (fence, host fencing, restart, reset, relocation; HA-state writes at debug), and each failure with its
/// exception. Entries name the tenant, deployment, group, unit, VM id and host.
/// </summary>
internal sealed partial class HostRecoveryApplier
{
    private (string Tenant, string Deployment, string Unit, string VmId) Ids(string? unit) =>
        (_group.Deployment.Tenant, _group.Deployment.Name, unit ?? string.Empty, unit is null ? string.Empty : VmIdOf(unit));

    /// <summary>A warning with no exception behind it: logged and recorded.</summary>
    private void Warn(string message, string? unit)
    {
        var (tenant, deployment, name, vmId) = Ids(unit);
        LogWarning(tenant, deployment, _group.Name, name, vmId, message);
        _warn(message, unit);
    }

    private void LogStep(AvailabilityStep step, bool applied)
    {
        var (tenant, deployment, unit, vmId) = Ids(step.Unit);
        var host = step.Host ?? string.Empty;
        if (step.Kind is StepKind.SetHaState or StepKind.Notify)
        {
            if (applied)
            {
                LogHaStateWritten(step.Kind, tenant, deployment, _group.Name, unit, vmId, step.Instance ?? string.Empty, step.HaState?.ToString() ?? string.Empty);
            }

            return;
        }

        if (applied)
        {
            LogStepApplied(step.Kind, tenant, deployment, _group.Name, unit, vmId, host);
        }
        else
        {
            LogStepStarting(step.Kind, tenant, deployment, _group.Name, unit, vmId, host, step.Reason);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Step} of {Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}) on host {Host}: {Reason}")]
    private partial void LogStepStarting(StepKind step, string tenant, string deployment, string group, string unit, string vmId, string host, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Step} of {Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}) on host {Host} done")]
    private partial void LogStepApplied(StepKind step, string tenant, string deployment, string group, string unit, string vmId, string host);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Step} of {Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}) on host {Host} failed: {Reason}")]
    private partial void LogStepFailed(Exception exception, StepKind step, string tenant, string deployment, string group, string unit, string vmId, string host, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Step} of {Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}) on host {Host} failed unexpectedly")]
    private partial void LogStepCrashed(Exception exception, StepKind step, string tenant, string deployment, string group, string unit, string vmId, string host);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Relocated {Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}) to host {Host}: {Reason}")]
    private partial void LogRelocated(string tenant, string deployment, string group, string unit, string vmId, string host, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "{Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}) unlocked on host {Host} after its move (relaunched: {Relaunched}, in service: {Launched})")]
    private partial void LogBroughtBack(string tenant, string deployment, string group, string unit, string vmId, string host, bool relaunched, bool launched);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Tenant}/{Deployment} group {Group} (unit {Unit}, vm {VmId}): {Warning}")]
    private partial void LogWarning(string tenant, string deployment, string group, string unit, string vmId, string warning);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "{Step} of {Tenant}/{Deployment} group {Group} unit {Unit} (vm {VmId}) for instance {Instance}: {HaState}")]
    private partial void LogHaStateWritten(StepKind step, string tenant, string deployment, string group, string unit, string vmId, string instance, string haState);
}
