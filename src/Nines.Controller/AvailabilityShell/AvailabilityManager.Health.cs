using Nines.Availability.Recovery;
using Nines.Drivers.Sequences;

namespace Nines.Controller.AvailabilityShell;

public sealed partial class AvailabilityManager
{
    /// <summary>
    /// The application health monitor of one group: runs the scenario's <see cref="AvailabilityOptions.HealthSequence"/>
    /// on every unit in service, all units at once, each <see cref="AvailabilityOptions.HealthInterval"/>, and feeds
    /// a failed or unanswered run to the engine (a hung application in a live VM or instance). Ends with the group,
    /// or at once when the scenario has no such sequence.
    /// </summary>
    private async Task CheckHealthAsync(ManagedGroup group, string scenarioYaml, CancellationToken cancellationToken)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, group.Dropped);
        var ct = running.Token;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(_options.HealthInterval, _time, ct).ConfigureAwait(false);
                var units = group.Engine.Group.Units.Where(u => u.InService).ToList();
                var checks = await Task.WhenAll(units.Select(u => CheckUnitAsync(group, u.Name, u.Host, scenarioYaml, ct))).ConfigureAwait(false);
                if (checks.All(c => c == HealthCheck.NoSequence) && checks.Length > 0)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The group went.
        }
    }

    private async Task<HealthCheck> CheckUnitAsync(ManagedGroup group, string unit, string host, string scenarioYaml, CancellationToken cancellationToken)
    {
        if (_agentOf(host) is not { } agent)
        {
            return HealthCheck.Skipped;
        }

        string reason;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.HealthTimeout);
        try
        {
            var result = await agent.RunSequenceAsync(group.Deployment.Id, scenarioYaml, [unit], _options.HealthSequence, null, limit.Token).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return HealthCheck.Healthy;
            }

            reason = $"health sequence {_options.HealthSequence} failed: {string.Join("; ", result.Failures.Select(f => f.ToString()))}";
        }
        catch (UnknownSequenceException)
        {
            return HealthCheck.NoSequence;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reason = $"health sequence {_options.HealthSequence} did not finish within {_options.HealthTimeout.TotalSeconds:0.#} s";
        }
        catch (Exception e) when (e is Nines.Drivers.Errors.VmDriverException or InvalidOperationException or IOException or HttpRequestException or TimeoutException)
        {
            // The VM itself is not there to ask (crashed, being restarted): the driver's own signals report that.
            return HealthCheck.Skipped;
        }

        // A unit taken out of service meanwhile (its VM crashed, a recovery started) is already being dealt with.
        if (group.Engine.Group.FindUnit(unit) is { InService: true })
        {
            LogHealthCommandFailed(group.Deployment.Tenant, group.Deployment.Name, group.Name, unit, group.VmIds.GetValueOrDefault(unit) ?? string.Empty, host, reason);
            group.Observe(new HealthObservation(unit, HealthSignal.HealthCommandFailed, _time.GetUtcNow(), reason));
        }

        return HealthCheck.Failed;
    }

    private enum HealthCheck
    {
        Healthy,
        Failed,
        Skipped,
        NoSequence,
    }
}
