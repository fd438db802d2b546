using Microsoft.Extensions.Logging;
using Nines.Availability.Engine;
using Nines.Availability.Model;
using Nines.Availability.Recovery;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Reconciliation;
using Nines.Controller.Repositories;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Drivers.Mapping;
using Nines.Store;

namespace Nines.Controller.AvailabilityShell;

/// <summary>Finding the groups to manage, starting them, and letting go of removed deployments.</summary>
public sealed partial class AvailabilityManager
{
    private async Task DiscoverAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await DiscoverOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store is briefly unavailable: look again at the next tick.
                LogDiscoveryFailed(e, _options.DiscoveryInterval.TotalMilliseconds);
            }

            await Task.Delay(_options.DiscoveryInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One look at the deployments: starts the groups of every running deployment, drops those of removed ones.</summary>
    internal async Task DiscoverOnceAsync(CancellationToken cancellationToken)
    {
        var deployments = await _deployments.ListAsync(null, cancellationToken).ConfigureAwait(false);
        var live = new HashSet<(DeploymentRef, string)>();
        foreach (var deployment in deployments)
        {
            var spec = deployment.Spec;
            if (spec.Deleted || deployment.Scenario is not { } document || !spec.HasCurrentPlan || document.Scenario.RedundancyGroups.IsEmpty)
            {
                continue;
            }

            var status = await _deployments.GetStatusAsync(deployment.Ref, cancellationToken).ConfigureAwait(false);
            foreach (var groupSpec in document.Scenario.RedundancyGroups)
            {
                var key = (deployment.Ref, groupSpec.Name);
                if (_groups.TryGetValue(key, out var existing) && existing.Generation == spec.Generation)
                {
                    live.Add(key);
                    continue;
                }

                // A group starts once its deployment first ran whole at this generation: every member is up.
                if (status is { Phase: DeploymentPhase.Running } && status.ObservedGeneration == spec.Generation)
                {
                    live.Add(key);
                    Drop(key);
                    await StartGroupAsync(deployment, document.Scenario, groupSpec, cancellationToken).ConfigureAwait(false);
                }
                else if (existing is not null)
                {
                    live.Add(key);
                }
            }
        }

        foreach (var key in _groups.Keys.Where(k => !live.Contains(k)).ToList())
        {
            Drop(key);
        }

        await FenceFailedHostsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Hosts the controller declared failed whose fencing deadline has passed (they destroyed their VMs when they
    /// lost their lease, <see cref="HostFailure"/>): every unit still counted there is known dead, so its instances
    /// move to a standby and the group asks for replacements elsewhere.
    /// </summary>
    private async Task FenceFailedHostsAsync(CancellationToken cancellationToken)
    {
        if (_groups.IsEmpty)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var failures = await _store.RangeAsync(HostFailure.Prefix, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var entry in failures.Entries)
        {
            if (entry.ValueAsJson<HostFailure>(ControlPlaneJson.Options) is not { } failure || failure.FenceDeadline > now)
            {
                continue;
            }

            foreach (var group in _groups.Values.Where(g => g.Engine.Group.Units.Any(u => u.Host == failure.Host && !u.KnownDead)))
            {
                var units = group.Engine.Group.Units.Where(u => u.Host == failure.Host && !u.KnownDead).Select(u => u.Name);
                LogHostFenced(failure.Host, group.Deployment.Tenant, group.Deployment.Name, group.Name, string.Join(", ", units));
                group.HostFenced(failure.Host);
            }
        }
    }

    private void Drop((DeploymentRef, string) key)
    {
        if (_groups.TryRemove(key, out var group))
        {
            foreach (var vmId in group.VmIds.Values)
            {
                _byVmId.TryRemove(vmId, out _);
            }

            LogGroupDropped(group.Deployment.Tenant, group.Deployment.Name, group.Name, group.Generation);
            group.Complete();
        }
    }

    private async Task StartGroupAsync(StoredDeployment deployment, Scenario scenario, RedundancyGroupSpec spec, CancellationToken cancellationToken)
    {
        var reference = deployment.Ref;
        var qualified = ManagedGroup.QualifiedNameOf(reference, spec.Name);
        var hostOf = deployment.Spec.Plan!.Placements;
        var serviceGroup = ServiceGroupBuilder.FromSpec(
            spec with { Name = qualified },
            hostOf,
            member => scenario.FindVm(member) is { } vm && VmDefinitionMapper.IsOsLevel(vm) ? UnitKind.Instance : UnitKind.Vm);

        // Members the plan put on one host (one machine, no hard anti-affinity) back each other up there.
        serviceGroup = serviceGroup with { SpreadOverHosts = spec.Members.Select(m => hostOf[m]).Distinct(StringComparer.Ordinal).Count() > 1 };
        var configOf = _options.RecoveryConfigOf;
        var vmIds = spec.Members.ToDictionary(m => m, reference.VmId, StringComparer.Ordinal);
        var engine = new AvailabilityEngine(
            serviceGroup,
            recoveryConfigOf: configOf is null ? null : unit => configOf(reference, spec.Name, unit),
            events: _sink.For(reference, spec.Name, vmIds));
        var group = new ManagedGroup(reference, spec.Name, deployment.Spec.Generation, engine, vmIds, _time);
        LogGroupStarted(reference.Tenant, reference.Name, spec.Name, deployment.Spec.Generation, string.Join(", ", serviceGroup.Units.Select(u => $"{u.Name}@{u.Host}")));

        // The applier logs its failures itself (with the step and the exception); its warnings only go to the event log.
        var applier = new HostRecoveryApplier(group, _agentOf, _publisher, _launcher, deployment.Spec.ScenarioYaml, _options, (m, u) => Record(group, m, u), _time)
        {
            NetworkScripts = NetworkScripts(deployment, spec),
            Relocator = _relocator,
            Logger = _loggers.CreateLogger<HostRecoveryApplier>(),
        };
        group.Applier = applier;

        // The old records of the group (an earlier generation, an earlier controller) say nothing about this engine's units.
        await _store.DeleteRangeAsync(Nines.Availability.Client.HaStateKeys.Units(qualified), cancellationToken).ConfigureAwait(false);
        _groups[(reference, spec.Name)] = group;
        foreach (var (unit, vmId) in vmIds)
        {
            _byVmId[vmId] = (group, unit);
        }

        _ = Task.Run(() => ApplyLoopAsync(group, applier, cancellationToken), CancellationToken.None);
        _ = Task.Run(() => WatchQuiescedAsync(group, cancellationToken), CancellationToken.None);
        _ = Task.Run(() => CheckHealthAsync(group, deployment.Spec.ScenarioYaml, cancellationToken), CancellationToken.None);
        var instances = serviceGroup.Instances.Select(i => i.Name).ToList();
        await Task.WhenAll(serviceGroup.Units.Select(async unit =>
        {
            var agent = _agentOf(unit.Host);
            if (agent is null)
            {
                Warn(group, $"unit {unit.Name}: host {unit.Host} has no agent this controller can reach", unit.Name);
                return;
            }

            try
            {
                await _launcher.LaunchAsync(new UnitLaunch(reference, qualified, instances, unit.Name, vmIds[unit.Name], unit.Host, agent, deployment.Spec.ScenarioYaml), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Warn(group, $"unit {unit.Name}: its application did not start: {e.Message}", unit.Name);
                group.Observe(new HealthObservation(unit.Name, HealthSignal.HealthCommandFailed, _time.GetUtcNow(), e.Message));
            }
        })).ConfigureAwait(false);
        group.Queue(engine.Start(_time.GetUtcNow()));
    }

    /// <summary>Each member's guest network script (addresses, routes), to run again after a restart; none without mapping options.</summary>
    private Dictionary<string, string> NetworkScripts(StoredDeployment deployment, RedundancyGroupSpec spec)
    {
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_mapping is null || deployment.Scenario is not { } document)
        {
            return scripts;
        }

        foreach (var member in spec.Members)
        {
            if (document.Scenario.FindVm(member) is { } vm)
            {
                var definition = VmDefinitionMapper.Map(document.Scenario, vm, _mapping, new DiagnosticBag(), document.Map.Locate(vm));
                if (GuestNetworkScript.Build(document.Scenario.Effective(vm), definition.Nics) is { } script)
                {
                    scripts[member] = script;
                }
            }
        }

        return scripts;
    }

    private async Task ApplyLoopAsync(ManagedGroup group, HostRecoveryApplier applier, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var step in group.Steps.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (HostRecoveryApplier.IsSlow(step))
                {
                    _ = Task.Run(() => applier.ApplyAsync(step, cancellationToken), CancellationToken.None);
                }
                else
                {
                    await applier.ApplyAsync(step, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            // Nothing awaits this loop: without the log its end would go unnoticed.
            LogApplyLoopFailed(e, group.Deployment.Tenant, group.Deployment.Name, group.Name);
            throw;
        }
    }

    /// <summary>The services' quiesce confirmations (<c>…/quiesced/&lt;unit&gt;/&lt;instance&gt;</c>) → <see cref="AvailabilityEngine.QuiesceCompleted"/>.</summary>
    private async Task WatchQuiescedAsync(ManagedGroup group, CancellationToken cancellationToken)
    {
        var prefix = Nines.Availability.Client.HaStateKeys.QuiescedPrefix(group.QualifiedName);
        try
        {
            var start = await _store.RangeAsync(prefix, 1, cancellationToken).ConfigureAwait(false);
            await foreach (var change in _store.WatchAsync(prefix, start.Revision, cancellationToken).ConfigureAwait(false))
            {
                if (!_groups.TryGetValue((group.Deployment, group.Name), out var current) || current != group)
                {
                    return;
                }

                var parts = change.Entry.Key.ToString()[prefix.ToString().Length..].Split('/');
                if (change.Kind == WatchEventKind.Put && parts.Length == 2)
                {
                    group.QuiesceCompleted(parts[0], parts[1]);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            LogQuiesceWatchFailed(e, group.Deployment.Tenant, group.Deployment.Name, group.Name);
            throw;
        }
    }

    /// <summary>Asks <paramref name="group"/> of <paramref name="deployment"/> for a switchover; null when no such group is managed.</summary>
    public EngineOutcome? RequestSwitchover(DeploymentRef deployment, string group, string? instance = null) =>
        Find(deployment, group)?.RequestSwitchover(instance);
}
