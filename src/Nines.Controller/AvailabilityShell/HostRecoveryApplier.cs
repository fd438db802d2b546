using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Availability.Client;
using Nines.Availability.Engine;
using Nines.Contracts.Agents;
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
}
