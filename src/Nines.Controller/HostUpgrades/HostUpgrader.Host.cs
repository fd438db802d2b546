using Nines.Contracts.Agents;
using Nines.Contracts.Errors;
using Nines.Contracts.Model;

namespace Nines.Controller.HostUpgrades;

/// <summary>One host's upgrade: drain, hook, rejoin, undrain. Each step is written to the operation as it starts.</summary>
public sealed partial class HostUpgrader
{
    /// <summary>Upgrades <paramref name="host"/>; null when it is done, else why it failed (the host stays drained).</summary>
    private async Task<string?> UpgradeHostAsync(string id, string host, int index, HostUpgradeRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var error = await DrainAsync(host, request, cancellationToken).ConfigureAwait(false)
                ?? await RunHookAsync(id, host, index, request, cancellationToken).ConfigureAwait(false);
            if (error is null)
            {
                await UpdateStepAsync(host, s => s with { Step = "undraining", Percent = 90 }, cancellationToken).ConfigureAwait(false);
                await _drainer.UndrainAsync(host, cancellationToken).ConfigureAwait(false);
                await UpdateStepAsync(host, s => s with { Step = "done", Percent = 100, FinishedAt = _time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
                LogHostDone(id, host);
                return null;
            }

            return await FailHostAsync(id, host, error).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return await FailHostAsync(id, host, $"{e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
    }

    private async Task<string> FailHostAsync(string id, string host, string error)
    {
        await UpdateStepAsync(host, s => s with { Step = "failed", Error = error, FinishedAt = _time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
        LogHostFailed(id, host, error);
        return $"host {host}: {error} (it stays drained; nines host undrain {host} once it is sound)";
    }

    private async Task<string?> DrainAsync(string host, HostUpgradeRequest request, CancellationToken cancellationToken)
    {
        var before = await RegisteredAsync(host, cancellationToken).ConfigureAwait(false);
        await UpdateStepAsync(host, s => s with { Step = "draining", Percent = 10, Before = s.Before ?? before?.Versions, StartedAt = s.StartedAt ?? _time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        var (status, _, error) = await _drainer.DrainAsync(host, request.MaxConcurrentMoves, cancellationToken).ConfigureAwait(false);
        var started = _time.GetTimestamp();
        while (status is { Empty: false })
        {
            if (!status.Running && status.Failed.Count > 0)
            {
                return $"the drain could not move {string.Join(", ", status.Failed)}";
            }

            if (_time.GetElapsedTime(started) > _options.DrainTimeout)
            {
                return $"the drain did not finish within {_options.DrainTimeout}: {status.Remaining.Count} VM(s) left ({string.Join(", ", status.Remaining)})";
            }

            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            status = await _drainer.StatusAsync(host, cancellationToken).ConfigureAwait(false);
        }

        return status is null ? $"it cannot be drained: {error}" : null;
    }

    private async Task<string?> RunHookAsync(string id, string host, int index, HostUpgradeRequest request, CancellationToken cancellationToken)
    {
        await UpdateStepAsync(host, s => s with { Step = "hook", Percent = 40 }, cancellationToken).ConfigureAwait(false);
        var hook = new HostHookRequest($"{id}-{index}", request.Hook, request.HookTimeout!.Value);
        var deadline = request.HookTimeout.Value + _options.RejoinTimeout;
        var started = _time.GetTimestamp();
        HostHookStatus? status = null;

        // The agent may be away for a while (the hook restarts it): every call is retried until the deadline. Starting
        // is idempotent (the hook's id), so a start whose answer was lost is never run twice.
        while (status is not { State: not HostHookState.Running })
        {
            if (_time.GetElapsedTime(started) > deadline)
            {
                return $"the hook did not end within {request.HookTimeout} (or the agent did not answer for {_options.RejoinTimeout} after)";
            }

            try
            {
                var record = await RegisteredAsync(host, cancellationToken).ConfigureAwait(false);
                var agent = record is null ? null : _agents.Get(record) as IHostHooks
                    ?? throw new InvalidOperationException($"host \"{host}\" runs its agent in the controller's process, which takes no hooks");
                status = agent is null ? null
                    : status is null ? await agent.StartHookAsync(hook, cancellationToken).ConfigureAwait(false)
                    : await agent.GetHookAsync(hook.Id, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"the agent knows no hook \"{hook.Id}\" any more");
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException || ReconcileErrors.IsTransient(e))
            {
                // Away (restarting, or its registration lapsed): asked again.
            }

            if (status is not { State: not HostHookState.Running })
            {
                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        await UpdateStepAsync(host, s => s with { HookExitCode = status.ExitCode, HookOutput = status.Output }, cancellationToken).ConfigureAwait(false);
        return status switch
        {
            { State: HostHookState.Lost } => "the hook's process ended without an exit status (the host restarted, or its session was killed)",
            { ExitCode: 124 } => $"the hook was killed at its limit of {request.HookTimeout}: {LastLine(status.Output)}",
            { ExitCode: not 0 } => $"the hook exited {status.ExitCode}: {LastLine(status.Output)}",
            _ => await RejoinAsync(host, status.FinishedAt!.Value, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Waits until the host is registered again with a heartbeat and versions from after the hook ended.</summary>
    private async Task<string?> RejoinAsync(string host, DateTimeOffset hookEnded, CancellationToken cancellationToken)
    {
        await UpdateStepAsync(host, s => s with { Step = "rejoining", Percent = 70 }, cancellationToken).ConfigureAwait(false);
        var started = _time.GetTimestamp();
        while (true)
        {
            var record = await RegisteredAsync(host, cancellationToken).ConfigureAwait(false);
            if (record is { Versions: { } versions } && record.LastHeartbeat >= hookEnded && versions.ProbedAt >= hookEnded)
            {
                await UpdateStepAsync(host, s => s with { After = versions }, cancellationToken).ConfigureAwait(false);
                return null;
            }

            if (_time.GetElapsedTime(started) > _options.RejoinTimeout)
            {
                return record is null
                    ? $"its agent did not register again within {_options.RejoinTimeout} of the hook's end"
                    : $"its agent did not report versions probed after the hook within {_options.RejoinTimeout}";
            }

            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HostRecord?> RegisteredAsync(string host, CancellationToken cancellationToken) =>
        (await _hosts.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(h => h.Name == host);

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
}
