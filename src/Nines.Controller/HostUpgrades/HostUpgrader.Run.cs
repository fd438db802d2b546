using Nines.Contracts.Model;

namespace Nines.Controller.HostUpgrades;

/// <summary>The upgrade's course: hosts in order, at most MaxUnavailable at once, stopping at the first failure.</summary>
public sealed partial class HostUpgrader
{
    private async Task RunAsync(string id, HostUpgradeRequest request, CancellationToken cancellationToken)
    {
        using var beat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(beat.Token);
        string? failure = null;
        try
        {
            var queue = new Queue<(string Host, int Index)>(request.Hosts.Select((h, i) => (h, i)));
            var running = new List<Task<string?>>();
            while ((queue.Count > 0 && failure is null) || running.Count > 0)
            {
                while (failure is null && running.Count < request.MaxUnavailable && queue.TryDequeue(out var next))
                {
                    var (host, index) = next;
                    running.Add(UpgradeHostAsync(id, host, index, request, cancellationToken));
                }

                var ended = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(ended);
                failure ??= await ended.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            failure = "the controller stopped during the upgrade";
        }
        finally
        {
            await beat.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var now = _time.GetUtcNow();
        await WriteAsync(o => o with { State = failure is null ? OperationState.COMPLETED : OperationState.FAILED, Error = failure, FinishedAt = now }, CancellationToken.None).ConfigureAwait(false);
        if (failure is null)
        {
            LogCompleted(id);
        }
        else
        {
            LogFailed(id, failure);
        }
    }

    // Written even when no step changes (a long drain, a long hook), so a live upgrade never looks abandoned.
    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(HeartbeatInterval, _time, cancellationToken).ConfigureAwait(false);
            await WriteAsync(o => o, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task UpdateStepAsync(string host, Func<HostUpgradeStep, HostUpgradeStep> change, CancellationToken cancellationToken) =>
        WriteAsync(o => o with { HostUpgrade = o.HostUpgrade! with { Hosts = [.. o.HostUpgrade.Hosts.Select(s => s.Host == host ? change(s) : s)] } }, cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the running operation and writes it (one writer at a time).</summary>
    private async Task WriteAsync(Func<Operation, Operation> change, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Operation next;
            lock (_gate)
            {
                next = change(_current!) with { UpdatedAt = _time.GetUtcNow() };
                _current = next;
            }

            try
            {
                await _operations.PutAsync(next, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store that is away loses this write, not the upgrade: the next step or heartbeat writes it all.
                LogWriteFailed(e, next.Id);
            }
        }
        finally
        {
            _write.Release();
        }
    }
}
