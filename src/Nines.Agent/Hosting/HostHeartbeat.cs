using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Store;

namespace Nines.Agent.Hosting;

/// <summary>
/// Keeps a host registered: registers it under a lease, then renews the lease and refreshes the record every
/// interval. A lease that expired anyway (the process was stopped longer than the TTL) is replaced by a new
/// registration, so the host never stays unregistered while it runs.
/// </summary>
public sealed class HostHeartbeat
{
    private readonly HostRepository _hosts;
    private readonly Func<DateTimeOffset, HostRecord> _record;
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private long _lease;

    public HostHeartbeat(HostRepository hosts, Func<DateTimeOffset, HostRecord> record, TimeSpan ttl, TimeSpan interval, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(interval, ttl);
        _hosts = hosts;
        _record = record;
        _ttl = ttl;
        _interval = interval;
        _time = time;
    }

    /// <summary>Registers the host (a new lease); the controller plans only over registered hosts.</summary>
    public async Task RegisterAsync(CancellationToken cancellationToken) =>
        _lease = await _hosts.RegisterAsync(_record(_time.GetUtcNow()), _ttl, cancellationToken).ConfigureAwait(false);

    /// <summary>Heartbeats until <paramref name="cancellationToken"/> fires (then returns).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
                await _hosts.HeartbeatAsync(_lease, _record(_time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
            catch (LeaseNotFoundException)
            {
                await RegisterAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (ReconcileErrors.IsTransient(e))
            {
                // A busy store: the next beat tries again well within the lease's TTL.
            }
        }
    }
}
