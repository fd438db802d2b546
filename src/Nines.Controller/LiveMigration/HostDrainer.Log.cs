using Microsoft.Extensions.Logging;

namespace Nines.Controller.LiveMigration;

/// <summary>
/// The drainer's log (category <c>Nines.Controller.LiveMigration.HostDrainer</c>): each drain, each VM's move with its
/// outcome (live, by restart, failed: with the reason), and undrain.
/// </summary>
public sealed partial class HostDrainer
{
    private void LogMove(string host, PlacedVm vm, Outcome outcome)
    {
        var vmId = vm.Deployment.VmId(vm.Vm);
        if (outcome.Kind == Kind.Failed)
        {
            LogMoveFailed(host, vm.Deployment.Tenant, vm.Deployment.Name, vm.Vm, vmId, outcome.Detail);
        }
        else
        {
            LogMoved(host, vm.Deployment.Tenant, vm.Deployment.Name, vm.Vm, vmId, outcome.Kind, outcome.Detail);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Host {Host} drained (unschedulable); moving its vms, at most {MaxConcurrent} at a time")]
    private partial void LogDrained(string host, int maxConcurrent);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Drain of host {Host}: {Count} vm(s) to move")]
    private partial void LogMoving(string host, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Drain of host {Host}: {Tenant}/{Deployment} vm {Vm} ({VmId}) {Outcome}: {Detail}")]
    private partial void LogMoved(string host, string tenant, string deployment, string vm, string vmId, Kind outcome, string detail);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Drain of host {Host}: {Tenant}/{Deployment} vm {Vm} ({VmId}) not moved: {Reason}")]
    private partial void LogMoveFailed(string host, string tenant, string deployment, string vm, string vmId, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Drain of host {Host} ended: {Migrated} migrated, {Restarted} restarted elsewhere, {Failed} not moved")]
    private partial void LogDrainEnded(string host, int migrated, int restarted, int failed);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Drain of host {Host} failed unexpectedly")]
    private partial void LogDrainCrashed(Exception exception, string host);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Host {Host} undrained (schedulable again)")]
    private partial void LogUndrained(string host);
}
