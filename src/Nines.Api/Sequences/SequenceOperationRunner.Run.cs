using System.Collections.Concurrent;
using Nines.Contracts.Model;
using Nines.Controller.Repositories;
using Nines.Drivers.Sequences;

namespace Nines.Api.Sequences;

/// <summary>The background part: run on every host, write progress, record the end.</summary>
internal sealed partial class SequenceOperationRunner
{
    private async Task RunAsync(Operation operation, StoredDeployment deployment, string sequence, IReadOnlyList<HostWork> work, CancellationToken cancellationToken)
    {
        var progress = new ProgressSink(operation.Vms);
        var subject = deployment.Ref.ToString();
        operation = operation with { State = OperationState.PROCESSING, UpdatedAt = _time.GetUtcNow() };
        await _operations.PutAsync(operation, CancellationToken.None).ConfigureAwait(false);
        var run = Task.WhenAll(work.Select(w =>
            w.Agent.RunSequenceAsync(deployment.Ref.Id, deployment.Spec.ScenarioYaml, w.Vms, sequence, progress, cancellationToken)));
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(ProgressInterval, _time, cancellationToken)).ConfigureAwait(false);
            var changed = progress.TakeChanged();
            if (changed is not null || _time.GetUtcNow() - operation.UpdatedAt >= HeartbeatInterval)
            {
                // Written on progress, and at least every heartbeat: an operation nobody writes is abandoned (see FailAbandonedAsync).
                operation = operation with { Vms = changed ?? operation.Vms, UpdatedAt = _time.GetUtcNow() };
                await _operations.PutAsync(operation, CancellationToken.None).ConfigureAwait(false);
            }
        }

        SequenceRunResult[] results;
        try
        {
            results = await run.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The run did not finish (a host failed, or the app is stopping): what ran is in the progress.
            var now = _time.GetUtcNow();
            var error = cancellationToken.IsCancellationRequested ? "the API stopped while the sequence ran" : e.Message;
            LogRunFailed(e, operation.Id, deployment.Ref.Tenant, deployment.Ref.Name, sequence, error);
            await _operations.PutAsync(operation with { State = OperationState.FAILED, Vms = progress.Snapshot(), Error = error, UpdatedAt = now, FinishedAt = now }, CancellationToken.None).ConfigureAwait(false);
            await _events.AppendAsync(EventSeverity.Warning, "ExecFailed", subject, sequence, error, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var targets = results.SelectMany(r => r.Vms).ToList();
        var vms = targets.ToDictionary(
            t => t.Target,
            t => t.Succeeded
                ? new VmProgress("done", 100)
                : new VmProgress("failed", t.Planned == 0 ? 100 : t.Outcomes.Count * 100 / t.Planned, t.Outcomes.FirstOrDefault(o => !o.Succeeded)?.Error ?? "stopped"),
            StringComparer.Ordinal);
        var failures = results.SelectMany(r => r.Failures).Select(f => f.Error!).ToList();
        var finished = _time.GetUtcNow();
        var succeeded = failures.Count == 0 && targets.All(t => t.Succeeded);
        await _operations.PutAsync(
            operation with
            {
                State = succeeded ? OperationState.COMPLETED : OperationState.FAILED,
                Vms = vms,
                Error = succeeded ? null : string.Join("; ", failures.DefaultIfEmpty("a vm's sequence stopped early")),
                UpdatedAt = finished,
                FinishedAt = finished,
            },
            CancellationToken.None).ConfigureAwait(false);
        var commands = targets.Sum(t => t.Outcomes.Count);
        if (succeeded)
        {
            LogCompleted(operation.Id, deployment.Ref.Tenant, deployment.Ref.Name, sequence, commands, targets.Count);
        }
        else
        {
            LogCommandsFailed(operation.Id, deployment.Ref.Tenant, deployment.Ref.Name, sequence, string.Join("; ", failures.DefaultIfEmpty("a vm's sequence stopped early")));
        }

        await _events.AppendAsync(
            succeeded ? EventSeverity.Normal : EventSeverity.Warning,
            succeeded ? "ExecCompleted" : "ExecFailed",
            subject,
            sequence,
            succeeded ? $"sequence \"{sequence}\": {commands} command(s) on {targets.Count} vm(s) succeeded" : $"sequence \"{sequence}\": {failures.Count} command(s) failed",
            CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Fails every unfinished exec operation that no run of this process owns and nothing wrote for
    /// <see cref="AbandonedAfter"/> (runs write at least every <see cref="HeartbeatInterval"/>): its process stopped mid-run,
    /// and without this it would stay STARTING or PROCESSING for ever. Returns how many it failed.
    /// </summary>
    public async Task<int> FailAbandonedAsync(CancellationToken cancellationToken)
    {
        HashSet<string> own;
        lock (_gate)
        {
            own = [.. _runningIds];
        }

        var now = _time.GetUtcNow();
        var failed = 0;
        foreach (var operation in await _operations.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (operation.Kind != OperationKind.Exec || operation.IsFinished || own.Contains(operation.Id) || now - operation.UpdatedAt < AbandonedAfter)
            {
                continue;
            }

            var error = $"interrupted: the controller running it stopped (no progress written for {(now - operation.UpdatedAt).TotalSeconds:0} s); what ran is in the per-VM progress";
            await _operations.PutAsync(operation with { State = OperationState.FAILED, Error = error, UpdatedAt = now, FinishedAt = now }, cancellationToken).ConfigureAwait(false);
            LogAbandoned(operation.Id, operation.Tenant, operation.Deployment, error);
            failed++;
        }

        return failed;
    }

    /// <summary>Per-VM progress as the runner reports it (from any thread); written out by the run loop.</summary>
    private sealed class ProgressSink : IProgress<SequenceProgress>
    {
        private readonly ConcurrentDictionary<string, VmProgress> _vms;
        private int _changed;

        public ProgressSink(IReadOnlyDictionary<string, VmProgress> initial) => _vms = new(initial, StringComparer.Ordinal);

        public void Report(SequenceProgress value)
        {
            var done = value.Completed is null ? value.Index - 1 : value.Index;
            var step = $"command {value.Index} of {value.Count}";
            _vms[value.Target] = new VmProgress(step, value.Count == 0 ? 100 : done * 100 / value.Count, value.Completed?.Error);
            Interlocked.Exchange(ref _changed, 1);
        }

        public IReadOnlyDictionary<string, VmProgress> Snapshot() => new Dictionary<string, VmProgress>(_vms, StringComparer.Ordinal);

        public IReadOnlyDictionary<string, VmProgress>? TakeChanged() => Interlocked.Exchange(ref _changed, 0) == 1 ? Snapshot() : null;
    }
}
