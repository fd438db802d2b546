using Nines.Agent.Guard;
using Nines.Processes;

namespace Nines.Cli.Hosting;

/// <summary>
/// Starts and stops a host's fence guard (<c>nines agent-guard</c>, detached, output appended to <c>DATA/guard.log</c>),
/// and keeps it running for the agent: the agent's side of the mutual watch (the guard restarts the agent, the agent
/// restarts the guard).
/// </summary>
internal static class GuardLauncher
{
    public const string LogFileName = "guard.log";

    private static readonly TimeSpan _watchInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Starts the guard of <paramref name="dataDirectory"/> unless one runs; returns its pid.</summary>
    public static int EnsureRunning(string host, string store, string dataDirectory)
    {
        if (FenceGuard.RunningIn(dataDirectory) is { } running)
        {
            return running;
        }

        return DetachedProcess.Start(
            [.. BackgroundLauncher.SelfCommand(), "agent-guard", "--host", host, "--store", store, "--data", dataDirectory],
            Path.Combine(dataDirectory, LogFileName));
    }

    /// <summary>
    /// Restarts the guard whenever it is gone until <paramref name="cancellationToken"/> fires; a new guard gets 5 s to
    /// write its pid before it is looked at again.
    /// </summary>
    public static async Task WatchAsync(string host, string store, string dataDirectory, Action<string> report, TimeProvider time, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(5); // the guard just started needs a moment to record its pid
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // A guard just started writes its pid within a moment; only a guard gone for two looks is restarted.
            if (FenceGuard.RunningIn(dataDirectory) is not null || await GoneTwiceAsync(dataDirectory, time, cancellationToken).ConfigureAwait(false) is false)
            {
                backoff = _watchInterval;
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return; // the agent stops: no new guard
            }

            var pid = EnsureRunning(host, store, dataDirectory);
            report($"the fence guard was gone: started a new one (pid {pid})");
            backoff = TimeSpan.FromSeconds(5);
        }
    }

    /// <summary>Stops the guard of <paramref name="dataDirectory"/> (SIGTERM, SIGKILL after 10 s); true when one ran.</summary>
    public static async Task<bool> StopAsync(string dataDirectory, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        if (FenceGuard.RunningIn(dataDirectory) is not { } pid)
        {
            return false;
        }

        ProcessSignals.Send(pid, ProcessSignals.SigTerm);

        for (var waited = TimeSpan.Zero; ProcessProbe.IsAlive(pid); waited += TimeSpan.FromMilliseconds(100))
        {
            if (waited > TimeSpan.FromSeconds(10))
            {
                ProcessProbe.Kill(pid);
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static async Task<bool> GoneTwiceAsync(string dataDirectory, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_watchInterval, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return FenceGuard.RunningIn(dataDirectory) is null;
    }
}
