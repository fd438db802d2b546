using Nines.Availability.Engine;
using Nines.Contracts.Agents;
using Nines.Drivers;
using Nines.Drivers.Errors;

namespace Nines.Controller.AvailabilityShell;

/// <summary>The applier's calls to a unit's host: waiting for its agent, destroy, restart, configure and launch, readiness.</summary>
internal sealed partial class HostRecoveryApplier
{
    /// <summary>The agent of a host just chosen (a cluster's registry is read every second, so it may not be known yet).</summary>
    private async Task<IHostVmOperations> WaitForAgentAsync(string host, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.ReadyTimeout;
        while (true)
        {
            if (_agentOf(host) is { } agent)
            {
                return agent;
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"host {host} has no agent this controller can reach");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until the re-placed VM runs with its guest ready: the reconciler defines and starts it on a new host; on
    /// the host it already had (stopped when it was given up) it is started here.
    /// </summary>
    private async Task WaitStartedAsync(IHostVmOperations agent, string vmId, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.ReadyTimeout;
        while (true)
        {
            VmStatus? status = null;
            try
            {
                status = await agent.InspectVmAsync(vmId, cancellationToken).ConfigureAwait(false);
            }
            catch (VmNotFoundException)
            {
                // Not defined there yet: the reconciler's next pass does it.
            }

            if (status is { State: VmState.Running, GuestReady: true })
            {
                return;
            }

            if (status?.State is VmState.Stopped or VmState.Crashed)
            {
                try
                {
                    await agent.ControlVmAsync(vmId, VmOperation.Start, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidVmStateException)
                {
                    // Someone else started it meanwhile.
                }
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{vmId} did not become ready on its new host ({status?.State.ToString() ?? "not defined"}, guest ready: {status?.GuestReady ?? false})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private IHostVmOperations AgentOf(string host) =>
        _agentOf(host) ?? throw new InvalidOperationException($"host {host} has no agent this controller can reach");

    private string VmIdOf(string unit) =>
        _group.VmIds.TryGetValue(unit, out var id) ? id : _group.Deployment.VmId(unit);

    private async Task DestroyAsync(string unit, string host, CancellationToken cancellationToken)
    {
        try
        {
            await AgentOf(host).ControlVmAsync(VmIdOf(unit), VmOperation.Destroy, cancellationToken).ConfigureAwait(false);
        }
        catch (VmNotFoundException)
        {
            // Gone already: fenced all the same.
        }
    }

    private async Task RestartAsync(AvailabilityStep step, CancellationToken cancellationToken)
    {
        var unit = step.Unit!;
        if (IsRepairAfterFailover(unit))
        {
            await Task.Delay(_options.RepairDelay, _time, cancellationToken).ConfigureAwait(false);
        }

        var host = step.Host!;
        var agent = AgentOf(host);
        var vmId = VmIdOf(unit);
        var status = await agent.InspectVmAsync(vmId, cancellationToken).ConfigureAwait(false);
        if (step.Kind == StepKind.Reset && status.State == VmState.Running)
        {
            await agent.ControlVmAsync(vmId, VmOperation.Reboot, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (status.State is VmState.Running or VmState.Paused)
            {
                // A restart of a hung unit: its process must go first (the engine fences before it restarts).
                await agent.ControlVmAsync(vmId, VmOperation.Destroy, cancellationToken).ConfigureAwait(false);
            }

            await agent.ControlVmAsync(vmId, VmOperation.Start, cancellationToken).ConfigureAwait(false);
        }

        await WaitReadyAsync(agent, vmId, cancellationToken).ConfigureAwait(false);
        await ConfigureAndLaunchAsync(agent, unit, vmId, host, cancellationToken).ConfigureAwait(false);
        _group.UnitReady(unit, host);
    }

    /// <summary>
    /// True when <paramref name="unit"/> holds nothing and every service instance is active on another unit: its
    /// restart repairs the redundancy, while the failover it follows is still taking hold on the same CPUs.
    /// </summary>
    private bool IsRepairAfterFailover(string unit)
    {
        var group = _group.Engine.Group;
        return !group.AssignmentsOf(unit).Any()
            && group.Instances.All(i => group.AssignmentsFor(i.Name).Any(a => a.State == Nines.Availability.Model.HaState.Active && a.Unit != unit));
    }

    /// <summary>A (re)started unit's guest network script (addresses, routes) and its application.</summary>
    private async Task ConfigureAndLaunchAsync(IHostVmOperations agent, string unit, string vmId, string host, CancellationToken cancellationToken)
    {
        if (NetworkScripts.TryGetValue(unit, out var script))
        {
            var configured = await agent.ExecVmAsync(vmId, new GuestCommand("/bin/sh", ["-c", script], Timeout: TimeSpan.FromSeconds(30)), cancellationToken).ConfigureAwait(false);
            if (!configured.Succeeded)
            {
                throw new InvalidOperationException($"configuring {unit}'s network failed with exit code {configured.ExitCode}: {configured.StandardError.Trim()}");
            }
        }

        var instances = _group.Engine.Group.Instances.Select(i => i.Name).ToList();
        await _launcher.LaunchAsync(new UnitLaunch(_group.Deployment, _group.QualifiedName, instances, unit, vmId, host, agent, _scenarioYaml), cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitReadyAsync(IHostVmOperations agent, string vmId, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.ReadyTimeout;
        while (true)
        {
            var status = await agent.InspectVmAsync(vmId, cancellationToken).ConfigureAwait(false);
            if (status is { State: VmState.Running, GuestReady: true })
            {
                return;
            }

            if (status.State is VmState.Crashed or VmState.Stopped || _time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{vmId} did not become ready ({status.State}, guest ready: {status.GuestReady})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
