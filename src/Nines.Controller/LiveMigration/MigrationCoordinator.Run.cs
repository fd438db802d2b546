using Nines.Contracts.Agents;
using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Controller.Reconciliation;
using Nines.Controller.Repositories;
using Nines.Drivers.Errors;
using Nines.Drivers.Migration;

namespace Nines.Controller.LiveMigration;

/// <summary>One migration's run: plan, networks, the send, the outcome.</summary>
public sealed partial class MigrationCoordinator
{
    private async Task RunAsync(Run run)
    {
        var ct = run.Cancel.Token;
        var vmId = run.Deployment.VmId(run.Vm);
        MigrationResult? result = null;
        string? error = null;
        var kind = "VmMigrationFailed";
        try
        {
            await PutAsync(run, run.Operation with { State = OperationState.PROCESSING }).ConfigureAwait(false);
            await CommitAsync(run, (p, s) => MigrationPlanning.Begin(p, s.Scenario!.Scenario, run.Vm, run.To.Name, run.Operation.Id), ct).ConfigureAwait(false);
            LogStep(run, "plan committed: the vm is incoming on the target");

            // A network the migration stretches across hosts gets its VLAN on the source's ports too, before the switch.
            await ConvergeSourceAsync(run, ct).ConfigureAwait(false);
            LogStep(run, "the source's networks carry the migration's VLANs");
            var sourceAgent = _agents.Get(run.From);
            var targetAgent = _agents.Get(run.To);
            var source = new AgentMigrationHost(run.From.Name, (IHostMigrations)sourceAgent, (IHostVmOperations)sourceAgent, null, _time);
            var destination = new AgentMigrationHost(run.To.Name, (IHostMigrations)targetAgent, (IHostVmOperations)targetAgent, c => DesiredSetAsync(run, run.To.Name, c), _time);
            var progress = new OperationProgress(this, run);
            LogStep(run, "sending the vm's state");
            result = await LiveMigrationRunner.RunAsync(source, destination, vmId, new MigrationEndpoint("0.0.0.0", 0), Policy, progress, ct).ConfigureAwait(false);
            await progress.FlushAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            error = $"cancelled: vm \"{run.Vm}\" keeps running on {run.From.Name}";
            kind = "VmMigrationCancelled";
            LogCancelled(run.Operation.Id, run.Deployment.Tenant, run.Deployment.Name, run.Vm, run.From.Name, run.To.Name);
        }
        catch (MigrationFailedBackException e)
        {
            error = e.Message;
            kind = "VmMigrationFailedBack";
            LogFailedBack(run.Operation.Id, run.Deployment.Tenant, run.Deployment.Name, run.Vm, run.From.Name, run.To.Name, error);
        }
        catch (Exception e) when (e is VmDriverException or HttpRequestException or TimeoutException or ArgumentException or InvalidOperationException or TransientDeploymentException or IOException)
        {
            error = $"{e.Message} (vm \"{run.Vm}\" keeps running on {run.From.Name})";
            LogFailed(e, run.Operation.Id, run.Deployment.Tenant, run.Deployment.Name, run.Vm, run.From.Name, run.To.Name, error);
        }
        catch (Exception e)
        {
            // A bug: the run still ends like any failure (operation FAILED, the plan back on the source, which the
            // reconciler then converges to), never PROCESSING for good with the VM left incoming on the target.
            error = $"unexpected {e.GetType().Name}: {e.Message} (vm \"{run.Vm}\" is put back on {run.From.Name})";
            LogCrashed(e, run.Operation.Id, run.Deployment.Tenant, run.Deployment.Name, run.Vm, run.From.Name, run.To.Name);
        }

        try
        {
            await CommitAsync(run, (p, _) => MigrationPlanning.End(p, run.Vm, moved: result is not null), CancellationToken.None).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var record = run.Operation.Migration! with
            {
                Status = result is not null ? "completed" : kind == "VmMigrationCancelled" ? "cancelled" : "failed",
                DowntimeMilliseconds = result?.DowntimeMilliseconds,
                TotalMilliseconds = result?.TotalTime.TotalMilliseconds,
            };
            var host = result is not null ? run.To.Name : run.From.Name;
            await PutAsync(run, run.Operation with
            {
                State = result is not null ? OperationState.COMPLETED : OperationState.FAILED,
                Error = error,
                Migration = record,
                Vms = new Dictionary<string, VmProgress>(StringComparer.Ordinal) { [run.Vm] = new VmProgress(result is not null ? "migrated" : "failed", result is not null ? 100 : 0, error, host) },
                UpdatedAt = now,
                FinishedAt = now,
            }).ConfigureAwait(false);
            var subject = $"{run.Deployment}/{run.Vm}";
            if (result is not null)
            {
                LogCompleted(run.Operation.Id, run.Deployment.Tenant, run.Deployment.Name, run.Vm, run.From.Name, run.To.Name, result.TotalTime.TotalMilliseconds, result.DowntimeMilliseconds);
                await _events.AppendAsync(EventSeverity.Normal, "VmMigrated", subject, run.Operation.Id,
                    $"vm \"{run.Vm}\" live-migrated from {run.From.Name} to {run.To.Name} in {result.TotalTime.TotalMilliseconds:0} ms (downtime {result.DowntimeMilliseconds:0.#} ms, {result.TransferredBytes >> 20} MiB sent)", CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await _events.AppendAsync(EventSeverity.Warning, kind, subject, run.Operation.Id, error!, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            LogOutcomeNotRecorded(e, run.Operation.Id, run.Deployment.Tenant, run.Deployment.Name, run.Vm);
            throw;
        }
        finally
        {
            lock (_gate)
            {
                _running.Remove(run.Operation.Id);
            }

            run.Cancel.Dispose();
        }
    }

    /// <summary>
    /// <paramref name="host"/>'s desired set under the plan as stored now (built at its revision, which the host fences
    /// older sets with): the plan may have changed since this run committed its own part (a second migration).
    /// </summary>
    private async Task<HostDeploymentDesired> DesiredSetAsync(Run run, string host, CancellationToken cancellationToken)
    {
        var stored = await _deployments.GetAsync(run.Deployment, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"deployment {run.Deployment} is gone");
        var plan = stored.Spec.Plan ?? throw new InvalidOperationException($"deployment {run.Deployment} has no plan");
        if (plan.Migrations?.GetValueOrDefault(run.Vm)?.To != run.To.Name)
        {
            throw new InvalidOperationException($"the plan of {run.Deployment} no longer moves vm \"{run.Vm}\" to {run.To.Name}");
        }

        return HostDesiredSets.Build(stored, plan, _mapping)[host];
    }

    private async Task ConvergeSourceAsync(Run run, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _agents.Get(run.From).ConvergeAsync(await DesiredSetAsync(run, run.From.Name, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StaleDesiredSetException) when (attempt < 5)
            {
                // Another change of the plan committed after the set was read: read it again.
            }
        }
    }

    /// <summary>Reads the deployment and commits <paramref name="change"/> of its plan, re-reading when someone else wrote first.</summary>
    private async Task<(StoredDeployment Stored, CommittedPlan Plan)> CommitAsync(Run run, Func<CommittedPlan, StoredDeployment, CommittedPlan> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await _deployments.GetAsync(run.Deployment, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"deployment {run.Deployment} is gone");
            if (stored.Spec.Plan is not { } plan || stored.Spec.Plan.Generation != stored.Spec.Generation)
            {
                throw new InvalidOperationException($"deployment {run.Deployment} changed (generation {stored.Spec.Generation} is not placed yet)");
            }

            var next = change(plan, stored);
            var written = await _deployments.CommitPlanAsync(stored, next, cancellationToken).ConfigureAwait(false);
            if (written is not null)
            {
                return (written, next);
            }

            if (attempt > 20)
            {
                throw new InvalidOperationException($"deployment {run.Deployment} kept changing while the migration was committed");
            }
        }
    }

    private async Task PutAsync(Run run, Operation operation)
    {
        run.Operation = operation with { UpdatedAt = _time.GetUtcNow() };
        await _operations.PutAsync(run.Operation, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Samples onto the operation, at most every <see cref="ProgressInterval"/> (the last one always).</summary>
    private sealed class OperationProgress(MigrationCoordinator owner, Run run) : IProgress<MigrationProgress>
    {
        private readonly Lock _gate = new();
        private MigrationProgress? _latest;
        private long _lastWrite;
        private Task _writing = Task.CompletedTask;

        public void Report(MigrationProgress value)
        {
            lock (_gate)
            {
                if (_latest?.Status != value.Status)
                {
                    owner.LogStep(run, $"migration status {value.Status}");
                }

                _latest = value;
                if (!_writing.IsCompleted || owner._time.GetElapsedTime(_lastWrite) < owner.ProgressInterval)
                {
                    return;
                }

                _lastWrite = owner._time.GetTimestamp();
                _writing = WriteAsync(value);
            }
        }

        public async Task FlushAsync()
        {
            Task writing;
            MigrationProgress? latest;
            lock (_gate)
            {
                writing = _writing;
                latest = _latest;
            }

            await writing.ConfigureAwait(false);
            if (latest is not null)
            {
                await WriteAsync(latest).ConfigureAwait(false);
            }
        }

        private Task WriteAsync(MigrationProgress sample)
        {
            var percent = sample.TotalBytes > 0 ? (int)Math.Clamp(100 * (sample.TotalBytes - sample.RemainingBytes) / sample.TotalBytes, 0, 99) : 0;
            var record = run.Operation.Migration! with
            {
                Status = sample.Status,
                TransferredBytes = sample.TransferredBytes,
                RemainingBytes = sample.RemainingBytes,
                TotalBytes = sample.TotalBytes,
                DirtyBytesPerSecond = sample.DirtyBytesPerSecond,
                EtaSeconds = sample.Eta?.TotalSeconds,
                DowntimeLimitMilliseconds = sample.DowntimeLimitMilliseconds,
                ThrottlePercent = sample.ThrottlePercent,
                DowntimeMilliseconds = sample.DowntimeMilliseconds,
            };
            return owner.PutAsync(run, run.Operation with
            {
                Migration = record,
                Vms = new Dictionary<string, VmProgress>(StringComparer.Ordinal) { [run.Vm] = new VmProgress("migrating", percent, Host: run.From.Name) },
            });
        }
    }
}
