using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nines.Controller.Supervision;

/// <summary>
/// Runs long-running loops and keeps them running (Erlang's supervisor, controller-runtime's recovered reconciler):
/// a loop that throws or returns although nobody asked it to stop is recorded in the <see cref="LoopRegistry"/>
/// (reason, time, restart count), logged, reported through <see cref="OnFailure"/> (an event), and started again after
/// an exponential backoff. Only what <see cref="LoopSupervisorOptions.IsFatal"/> calls fatal ends the loop for good:
/// it is marked failed, faults <see cref="LoopRegistry.Fatal"/> and is rethrown, so the process stops with the reason.
/// </summary>
public sealed partial class LoopSupervisor
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public LoopSupervisor(LoopRegistry registry, TimeProvider time, ILogger? logger = null, LoopSupervisorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        Registry = registry;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        Options = options ?? new LoopSupervisorOptions();
    }

    /// <summary>Where the loops' states are kept.</summary>
    public LoopRegistry Registry { get; }

    public LoopSupervisorOptions Options { get; }

    /// <summary>Called after every failure, before the backoff (an event in the store); its own failures are logged and ignored.</summary>
    public Func<LoopFailure, CancellationToken, Task>? OnFailure { get; init; }

    /// <summary>The same supervisor with other options (a term's loops end when the term is lost).</summary>
    public LoopSupervisor With(LoopSupervisorOptions options) => new(Registry, _time, _logger, options) { OnFailure = OnFailure };

    /// <summary>
    /// Runs <paramref name="loop"/> (the first time synchronously, so whatever it subscribes to before its first await
    /// is subscribed when this returns) until <paramref name="cancellationToken"/> fires, restarting it after failures.
    /// Returns when cancelled; throws a fatal error, or one <see cref="LoopSupervisorOptions.EndsLoop"/> accepts.
    /// </summary>
    public async Task RunAsync(string name, Func<CancellationToken, Task> loop, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(loop);
        var restarts = Registry.Find(name)?.Restarts ?? 0;
        var inARow = 0;
        LoopStatus status = new(name, LoopState.Running, restarts, null, null, null, _time.GetUtcNow());
        if (Registry.Find(name) is { } earlier)
        {
            status = status with { LastError = earlier.LastError, LastErrorDetail = earlier.LastErrorDetail, LastErrorAt = earlier.LastErrorAt };
        }

        Registry.Update(status);
        while (true)
        {
            var started = _time.GetUtcNow();
            Exception? error = null;
            try
            {
                await loop(cancellationToken).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    Registry.Update(status = status with { State = LoopState.Stopped, Since = _time.GetUtcNow() });
                    return;
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: whatever the loop threw on its way out is not a failure.
                Registry.Update(status = status with { State = LoopState.Stopped, Since = _time.GetUtcNow() });
                return;
            }
            catch (Exception e) when (Options.EndsLoop?.Invoke(e) == true)
            {
                Registry.Update(status = status with { State = LoopState.Stopped, Since = _time.GetUtcNow() });
                throw;
            }
            catch (Exception e) when (Options.IsFatal(e))
            {
                var now = _time.GetUtcNow();
                Registry.Update(status = status with { State = LoopState.Failed, LastError = e.GetType().Name, LastErrorDetail = e.Message, LastErrorAt = now, Since = now });
                LogFatal(_logger, name, e);
                Registry.ReportFatal(name, e);
                throw;
            }
            catch (Exception e)
            {
                error = e;
            }

            var failedAt = _time.GetUtcNow();
            inARow = failedAt - started >= Options.StableAfter ? 1 : inARow + 1;
            restarts++;
            var failure = new LoopFailure(name, error, restarts, Options.Backoff(inARow));
            Registry.Update(status = status with
            {
                State = LoopState.Restarting,
                Restarts = restarts,
                LastError = failure.Kind,
                LastErrorDetail = failure.Detail,
                LastErrorAt = failedAt,
                Since = failedAt,
            });
            if (error is null)
            {
                LogExited(_logger, name, restarts, failure.Delay.TotalSeconds);
            }
            else
            {
                LogRestarting(_logger, name, restarts, failure.Delay.TotalSeconds, error);
            }

            await ReportAsync(failure, cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(failure.Delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Registry.Update(status = status with { State = LoopState.Stopped, Since = _time.GetUtcNow() });
                return;
            }

            Registry.Update(status = status with { State = LoopState.Running, Since = _time.GetUtcNow() });
        }
    }

    private async Task ReportAsync(LoopFailure failure, CancellationToken cancellationToken)
    {
        if (OnFailure is not { } report)
        {
            return;
        }

        try
        {
            await report(failure, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogReportFailed(_logger, failure.Loop, e);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
