using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;
using Nines.Store;

namespace Nines.Controller.Reconciliation;

/// <summary>
/// The shell of a deploy pass: read what <see cref="DeployPass.Compute"/> needs, apply the steps it returns in order,
/// and bring back what a step produced (the committed plan, the agents' answers) for it to compute again.
/// </summary>
public sealed partial class DeploymentReconciler
{
    // Plan, converge, record: a pass never needs more rounds; more would be a bug in the decisions.
    private const int MaxRounds = 3;

    /// <summary>When this controller last saw each host alive (fed by the controller's host watch); null for "never".</summary>
    public HostLiveness? Liveness { get; init; }

    private async Task<ReconcileResult> RunPassAsync(DeploymentRef deployment, StoredDeployment? stored, Operation? operation, CancellationToken cancellationToken)
    {
        var observed = await ObserveAsync(stored, cancellationToken).ConfigureAwait(false);
        for (var round = 1; ; round++)
        {
            var actions = _pass.Compute(new DeployDesired(deployment, stored, operation), observed, _time.GetUtcNow());
            var applied = await ApplyAsync(deployment, stored, observed.Hosts, actions.Steps, cancellationToken).ConfigureAwait(false);
            if (applied.Lost)
            {
                // A compare-on-revision lost to someone who changed the spec: decide again on what is there now.
                return ReconcileResult.Requeue(TimeSpan.Zero);
            }

            if (actions.Failure is { } failure)
            {
                throw failure.ToException();
            }

            if (actions.Result is { } result)
            {
                return result;
            }

            if (round == MaxRounds)
            {
                throw new InvalidOperationException($"the deploy pass of {deployment} asked for a round after {MaxRounds}");
            }

            if (applied.Committed is { } written)
            {
                stored = written;
                observed = await ObserveAsync(stored, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // The hosts outside the plan are judged on the registry as it is now, not as the pass began.
                var hosts = await _hosts.ListAsync(cancellationToken).ConfigureAwait(false);
                observed = observed with { Hosts = hosts, Converged = await ReportAsync(stored!, hosts, applied, cancellationToken).ConfigureAwait(false) };
            }
        }
    }

    /// <summary>What the controller sees of the hosts and the deployment before the pass decides.</summary>
    private async Task<DeployObserved> ObserveAsync(StoredDeployment? stored, CancellationToken cancellationToken)
    {
        var hosts = await _hosts.ListAsync(cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return DeployObserved.OnlyHosts(hosts);
        }

        var drained = (await _hosts.ListDrainedAsync(cancellationToken).ConfigureAwait(false)).Select(d => d.Host).ToHashSet(StringComparer.Ordinal);
        var status = await _deployments.GetStatusAsync(stored.Ref, cancellationToken).ConfigureAwait(false);
        var store = _deployments.Store;
        var failures = new Dictionary<string, HostFailure>(StringComparer.Ordinal);
        foreach (var entry in (await store.RangeAsync(HostFailure.Prefix, cancellationToken: cancellationToken).ConfigureAwait(false)).Entries)
        {
            if (entry.ValueAsJson<HostFailure>(ControlPlaneJson.Options) is { } failure)
            {
                failures[entry.Key.ToString()] = failure;
            }
        }

        // The hosts of the plan that are gone: what they promised about fencing and when they were last seen alive.
        var contracts = new Dictionary<string, HostFencingContract>(StringComparer.Ordinal);
        var lastSeen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var host in (stored.Spec.Plan?.Hosts ?? []).Where(h => !hosts.Any(r => r.Name == h)))
        {
            if (await store.GetJsonAsync<HostFencingContract>(HostFencingContract.Key(host), ControlPlaneJson.Options, cancellationToken).ConfigureAwait(false) is { } contract)
            {
                contracts[host] = contract;
            }

            if (Liveness?.LastSeen(host) is { } seen)
            {
                lastSeen[host] = seen;
            }
        }

        return new DeployObserved(hosts, drained, status, failures, contracts, lastSeen);
    }

    /// <summary>After the converge calls: the spec's revision now, and which other hosts still hold records of the deployment.</summary>
    private async Task<ConvergeReport> ReportAsync(StoredDeployment stored, IReadOnlyList<HostRecord> hosts, AppliedSteps applied, CancellationToken cancellationToken)
    {
        var current = await _deployments.GetAsync(stored.Ref, cancellationToken).ConfigureAwait(false);
        var holding = new HashSet<string>(StringComparer.Ordinal);
        if (current?.ModRevision == stored.ModRevision)
        {
            foreach (var host in hosts.Where(h => !applied.Converged.Contains(h.Name)))
            {
                if ((await _hosts.ListVmsAsync(host.Name, stored.Ref, cancellationToken).ConfigureAwait(false)).Count > 0)
                {
                    holding.Add(host.Name);
                }
            }
        }

        return new ConvergeReport(applied.Reports, current?.ModRevision, holding);
    }

    private async Task<AppliedSteps> ApplyAsync(
        DeploymentRef deployment, StoredDeployment? stored, IReadOnlyList<HostRecord> hosts, IReadOnlyList<DeployAction> steps, CancellationToken cancellationToken)
    {
        var applied = new AppliedSteps();
        var byName = hosts.ToDictionary(h => h.Name, StringComparer.Ordinal);
        foreach (var step in steps)
        {
            switch (step)
            {
                case CommitPlan commit:
                    applied.Committed = await _deployments.CommitPlanAsync(stored!, commit.Plan, cancellationToken).ConfigureAwait(false);
                    if (applied.Committed is null)
                    {
                        applied.Lost = true;
                        return applied;
                    }

                    await EmitAllAsync(commit.Events, cancellationToken).ConfigureAwait(false);
                    break;
                case RemoveDeployment remove:
                    if (!await _deployments.RemoveAsync(stored!, cancellationToken, remove.Completed).ConfigureAwait(false))
                    {
                        applied.Lost = true;
                        return applied;
                    }

                    await EmitAllAsync([remove.Removed], cancellationToken).ConfigureAwait(false);
                    break;
                case ClearHosts clear:
                    await CallEachAsync(clear.Hosts.Select(h => byName[h]), async (host, ct) =>
                    {
                        await CallAsync(host, (agent, c) => agent.RemoveAsync(deployment.Id, c), ct).ConfigureAwait(false);
                        await _hosts.DeleteVmsAsync(host.Name, deployment, ct).ConfigureAwait(false);
                        return true;
                    }, cancellationToken).ConfigureAwait(false);
                    break;
                case ConvergeHosts converge:
                    var answers = await CallEachAsync(converge.Sets.Select(s => byName[s.Host]), (host, ct) =>
                        CallAsync(host, (agent, c) => agent.ConvergeAsync(converge.Sets.First(s => s.Host == host.Name).Desired, c), ct), cancellationToken).ConfigureAwait(false);
                    applied.Reports.AddRange(converge.Sets.Zip(answers, (set, answer) => new HostReport(set.Host, answer)));
                    applied.Converged.UnionWith(converge.Sets.Select(s => s.Host));
                    break;
                case RecordHostFailure record:
                    await _deployments.Store.PutJsonAsync(HostFailure.Key(record.Failure.Host), record.Failure, options: ControlPlaneJson.Options, cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case ForgetHostFailure forget:
                    await _deployments.Store.DeleteAsync(forget.Key, cancellationToken).ConfigureAwait(false);
                    break;
                case EmitEvent emit:
                    await EmitAllAsync([emit.Event], cancellationToken).ConfigureAwait(false);
                    break;
                case WriteVm vm:
                    await _hosts.PutVmAsync(vm.Vm, cancellationToken).ConfigureAwait(false);
                    break;
                case WriteStatus status:
                    await _deployments.PutStatusAsync(deployment, status.Status, cancellationToken).ConfigureAwait(false);
                    break;
                case WriteOperation operation:
                    await _operations.PutAsync(operation.Operation, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"a deploy step this shell does not know: {step.GetType().Name}");
            }
        }

        return applied;
    }

    private async Task EmitAllAsync(IEnumerable<PlannedEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            await EmitAsync(e.Severity, e.Kind, e.Subject, e.Reason, e.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What applying a pass's steps brought: the plan written, the agents' answers, or a lost compare.</summary>
    private sealed class AppliedSteps
    {
        public StoredDeployment? Committed { get; set; }

        public bool Lost { get; set; }

        public List<HostReport> Reports { get; } = [];

        public HashSet<string> Converged { get; } = new(StringComparer.Ordinal);
    }
}
