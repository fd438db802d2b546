using Nines.Availability.Model;

namespace Nines.Availability.Recovery;

/// <summary>
/// Decides what to do about a failure, with AMF's escalation: restarts of a unit within its restart probation
/// escalate to a failover, failovers off one host within the failover probation escalate to a host failover.
/// Pure: the history and the time come in with the observation.
/// </summary>
public static class RecoveryPolicy
{
    /// <summary>The decision for <paramref name="observation"/> of <paramref name="unit"/> in group <paramref name="group"/>.</summary>
    public static RecoveryDecision Decide(
        string group,
        ServiceUnit unit,
        HealthObservation observation,
        RecoveryConfig config,
        IReadOnlyList<RecoveryRecord> history)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(history);
        var now = observation.At;
        var asked = config.ActionFor(observation.Signal);
        var action = asked;
        var why = $"{Describe(observation)}: configured action {asked}";
        RecoveryAction? escalatedFrom = null;

        if (action == RecoveryAction.Migrate && observation.ProvesDead)
        {
            action = RecoveryAction.Restart;
            why += "; a dead unit cannot migrate, restart it instead";
        }

        if (action is RecoveryAction.Restart or RecoveryAction.Reset)
        {
            var since = now - config.RestartWindow;
            var restarts = history.Count(r => r.Unit == unit.Name && r.Action is RecoveryAction.Restart or RecoveryAction.Reset && r.At > since);
            if (restarts >= config.RestartMax)
            {
                escalatedFrom ??= action;
                action = RecoveryAction.Failover;
                why += $"; {restarts} restarts within {config.RestartWindow} reach the limit of {config.RestartMax}: escalate to failover";
            }
        }

        if (action == RecoveryAction.Failover)
        {
            var since = now - config.FailoverWindow;
            var failovers = history.Count(r => r.Host == unit.Host && r.Action == RecoveryAction.Failover && r.At > since);
            if (failovers >= config.FailoverMax)
            {
                escalatedFrom ??= action;
                action = RecoveryAction.HostFailover;
                why += $"; {failovers} failovers off host {unit.Host} within {config.FailoverWindow} reach the limit of {config.FailoverMax}: escalate to host failover";
            }
        }

        var fence = !observation.ProvesDead && action is not (RecoveryAction.NotifyOnly or RecoveryAction.Migrate);
        if (fence)
        {
            why += "; the process may still run, so it is fenced before its work moves";
        }

        return new RecoveryDecision(group, unit.Name, unit.Host, observation.Signal, action, why, now, escalatedFrom, fence);
    }

    private static string Describe(HealthObservation observation)
    {
        var what = observation.Signal switch
        {
            HealthSignal.ProcessExited => "process exited",
            HealthSignal.GuestShutdown => "guest powered off unasked",
            HealthSignal.OutOfMemory => "killed by the OOM killer",
            HealthSignal.GuestPanicked => "guest panicked",
            HealthSignal.WatchdogFired => "watchdog fired",
            HealthSignal.HeartbeatLost => "no heartbeat for the maximum duration (hung)",
            _ => "health command failed",
        };
        var detail = observation.Detail is null ? string.Empty : $" ({observation.Detail})";
        return $"unit {observation.Unit}: {what}{detail}";
    }
}
