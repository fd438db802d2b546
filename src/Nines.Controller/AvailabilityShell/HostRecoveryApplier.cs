using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Availability.Client;
using Nines.Availability.Engine;
using Nines.Contracts.Agents;
using Nines.Drivers;
using Nines.Drivers.Errors;

namespace Nines.Controller.AvailabilityShell;

/// <summary>
/// The apply of observe → decide → apply for one group: carries the engine's steps out on the hosts through their
/// agents (fence = destroy, restart = start then launch the application, reset = reboot), publishes HA states
/// where the services read them (<see cref="HaStatePublisher"/>), and reports back through the engine's lifecycle
/// calls. A step that fails is recorded as a warning event and logged; the unit then stays out of service.
/// </summary>
internal sealed partial class HostRecoveryApplier : IRecoveryApplier
{
    private readonly ManagedGroup _group;
    private readonly Func<string, IHostVmOperations?> _agentOf;
    private readonly HaStatePublisher _publisher;
    private readonly IUnitLauncher _launcher;
    private readonly string _scenarioYaml;
    private readonly AvailabilityOptions _options;
    private readonly Action<string, string?> _warn;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _relocating = new(StringComparer.Ordinal);
    private readonly ILogger _logger = NullLogger.Instance;

    public HostRecoveryApplier(
        ManagedGroup group,
        Func<string, IHostVmOperations?> agentOf,
        HaStatePublisher publisher,
        IUnitLauncher launcher,
        string scenarioYaml,
        AvailabilityOptions options,
        Action<string, string?> warn,
        TimeProvider time)
    {
        _group = group;
        _agentOf = agentOf;
        _publisher = publisher;
        _launcher = launcher;
        _scenarioYaml = scenarioYaml;
        _options = options;
        _warn = warn;
        _time = time;
    }

    /// <summary>Unit → the guest network script run again after a restart (the agent's convergence ran it after deploy).</summary>
    public IReadOnlyDictionary<string, string> NetworkScripts { get; init; } = new Dictionary<string, string>();

    /// <summary>Re-places a given-up unit's VM for an instantiation request; null: no replacement is made (single host).</summary>
    public UnitRelocator? Relocator { get; init; }

    /// <summary>Where each step, its outcome and its failure are logged (with tenant, deployment, group, unit, VM and host).</summary>
    public ILogger Logger
    {
        get => _logger;
        init => _logger = value;
    }

    /// <summary>True for the steps that wait on a guest: they run beside the ordered queue.</summary>
    public static bool IsSlow(AvailabilityStep step) => step.Kind is StepKind.Restart or StepKind.Reset or StepKind.Instantiate;

    public async Task ApplyAsync(AvailabilityStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        LogStep(step, applied: false);
        try
        {
            switch (step.Kind)
            {
                case StepKind.SetHaState:
                    await _publisher.ApplyAsync(step with { Group = _group.QualifiedName }, cancellationToken).ConfigureAwait(false);
                    break;
                case StepKind.Fence:
                    await DestroyAsync(step.Unit!, step.Host!, cancellationToken).ConfigureAwait(false);
                    _group.UnitFenced(step.Unit!);
                    break;
                case StepKind.Destroy:
                    // The given-up unit is stopped, not removed: its definition belongs to the deployment's convergence.
                    await DestroyAsync(step.Unit!, step.Host!, cancellationToken).ConfigureAwait(false);
                    break;
                case StepKind.FenceHost:
                    foreach (var unit in _group.Engine.Group.Units.Where(u => u.Host == step.Host))
                    {
                        await DestroyAsync(unit.Name, unit.Host, cancellationToken).ConfigureAwait(false);
                    }

                    _group.HostFenced(step.Host!);
                    break;
                case StepKind.Restart or StepKind.Reset:
                    await RestartAsync(step, cancellationToken).ConfigureAwait(false);
                    break;
                case StepKind.Instantiate:
                    await InstantiateAsync(step, cancellationToken).ConfigureAwait(false);
                    break;
                case StepKind.Migrate:
                    Warn($"cannot migrate {step.Unit}: live migration is not supported by the host agents", step.Unit);
                    return;
                default:
                    // Notify: the engine already recorded the decision as an event.
                    return;
            }

            LogStep(step, applied: true);
        }
        catch (Exception e) when (e is VmDriverException or InvalidOperationException or IOException or HttpRequestException or TimeoutException)
        {
            var (tenant, deployment, unit, vmId) = Ids(step.Unit);
            LogStepFailed(e, step.Kind, tenant, deployment, _group.Name, unit, vmId, step.Host ?? string.Empty, e.Message);
            _warn($"{step.Kind} of {step.Unit ?? step.Host ?? step.Group} failed: {e.Message}", step.Unit);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (tenant, deployment, unit, vmId) = Ids(step.Unit);
            LogStepCrashed(e, step.Kind, tenant, deployment, _group.Name, unit, vmId, step.Host ?? string.Empty);
            throw;
        }
    }

    /// <summary>
    /// A replacement unit: a given-up unit's own VM re-placed on a host outside the request's avoided hosts (the
    /// reconciler removes it from the old host and starts it on the new one), then, once it runs there, its network
    /// script and application as after a restart, and the engine told it is back.
    /// </summary>
    private async Task InstantiateAsync(AvailabilityStep step, CancellationToken cancellationToken)
    {
        var request = step.Request!;
        string? unit;
        lock (_relocating)
        {
            unit = _group.Engine.Group.Units
                .Where(u => u.Presence == Nines.Availability.Model.UnitPresence.Terminated && !_relocating.Contains(u.Name))
                .OrderBy(u => u.Rank)
                .Select(u => u.Name)
                .FirstOrDefault();
            if (unit is not null)
            {
                _relocating.Add(unit);
            }
        }

        if (unit is null || Relocator is null)
        {
            Warn($"cannot instantiate a new unit ({step.Reason}): {(unit is null ? "no given-up unit is left to place again" : $"no host outside [{string.Join(", ", request.AvoidHosts)}] can take a replacement")}", null);
            return;
        }

        try
        {
            var (host, refusal) = await Relocator.RelocateAsync(_group.Deployment, unit, request, cancellationToken).ConfigureAwait(false);
            if (host is null)
            {
                Warn($"cannot instantiate {unit} again ({step.Reason}): {refusal}", unit);
                return;
            }

            var (tenant, deployment, _, vmIdOf) = Ids(unit);
            LogRelocated(tenant, deployment, _group.Name, unit, vmIdOf, host, step.Reason);

            var agent = await WaitForAgentAsync(host, cancellationToken).ConfigureAwait(false);
            var vmId = VmIdOf(unit);
            await WaitStartedAsync(agent, vmId, cancellationToken).ConfigureAwait(false);
            await ConfigureAndLaunchAsync(agent, unit, vmId, host, cancellationToken).ConfigureAwait(false);
            _group.UnitReinstantiated(unit, host);
        }
        finally
        {
            lock (_relocating)
            {
                _relocating.Remove(unit);
            }
        }
    }

    /// <summary>
    /// A locked unit after its move to <paramref name="host"/> (or back where it was): when it was restarted there, once
    /// its VM runs, its network script and application as after a restart; then it is unlocked and takes a role again.
    /// </summary>
    /// <remarks>A relaunch that fails unlocks it all the same and reports the failure, so its recovery takes over.</remarks>
    internal async Task BringBackAsync(string unit, string host, bool relaunch, CancellationToken cancellationToken)
    {
        string? failure = null;
        if (relaunch)
        {
            try
            {
                var agent = await WaitForAgentAsync(host, cancellationToken).ConfigureAwait(false);
                var vmId = VmIdOf(unit);
                await WaitStartedAsync(agent, vmId, cancellationToken).ConfigureAwait(false);
                await ConfigureAndLaunchAsync(agent, unit, vmId, host, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is VmDriverException or InvalidOperationException or IOException or HttpRequestException or TimeoutException)
            {
                failure = e.Message;
                Warn($"{unit} did not come back in service on {host} after its move: {failure}", unit);
            }
        }

        var (tenant, deployment, _, vmIdOf) = Ids(unit);
        LogBroughtBack(tenant, deployment, _group.Name, unit, vmIdOf, host, relaunch, failure is null);
        _group.UnlockUnit(unit, host);
        if (failure is not null)
        {
            _group.Observe(new Nines.Availability.Recovery.HealthObservation(unit, Nines.Availability.Recovery.HealthSignal.HealthCommandFailed, _time.GetUtcNow(), $"its application did not start after the move: {failure}"));
        }
    }

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
