using Nines.Agent.Guard;

namespace Nines.Agent.Hosting;

/// <summary>Self-fencing (<see cref="AgentHostOptions.SelfFencing"/>) and the crash-like stop fault tests use.</summary>
public sealed partial class AgentHost
{
    /// <summary>Raised after the host fenced itself (every VM destroyed because its lease could not be renewed in time).</summary>
    public event Action<FenceRecord>? Fenced;

    /// <summary>The address Kestrel bound (differs from <see cref="Url"/> when an advertised URL fronts it).</summary>
    public Uri BoundUrl => new(_web is null ? throw new InvalidOperationException("the agent host is not started") : TcpUrl());

    /// <summary>Every self-fencing so far (empty without <see cref="AgentHostOptions.SelfFencing"/>).</summary>
    public IReadOnlyList<FenceRecord> Fences => _fencing?.Fences ?? [];

    /// <summary>
    /// Stops like a crash of the agent process: heartbeat and endpoints go, nothing is withdrawn (the fencing contract
    /// stays, so the controller restarts the host's VMs elsewhere once the lease is gone and the deadline passed).
    /// VMs keep running on the (fake or real) machine: the caller kills them too when it plays a lost host.
    /// </summary>
    public Task AbandonAsync() => StopCoreAsync(withdraw: false, CancellationToken.None);

    private async Task StartFencingHeartbeatAsync(SelfFencingOptions fencing, CancellationToken cancellationToken)
    {
        var heartbeat = new SelfFencingHeartbeat(
            _options.Store,
            HostName,
            HostRecordAt,
            _options.HostLeaseTtl,
            _options.HeartbeatInterval,
            fencing,
            (reason, ct) => Agent.FenceAsync(reason, ct),
            () => Agent.Unfence(),
            _options.TimeProvider)
        {
            Registered = lease => WriteGuardLink(lease, fencing),

            // The guard's renewals count too (same lease, same monotonic clock): an agent busy starting must not fence
            // VMs whose lease the guard keeps alive.
            OtherConfirmation = _options.FenceGuard is not null && _options.TimeProvider == TimeProvider.System
                ? lease => FenceGuardLink.ReadRenewal(DataDirectory, lease)
                : null,
        };
        heartbeat.Fenced += record => Fenced?.Invoke(record);
        await heartbeat.RegisterAsync(cancellationToken).ConfigureAwait(false);
        _fencing = heartbeat;
        _heartbeatTask = Task.Run(() => heartbeat.RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Tells the fence guard (when there is one) the lease to renew, where the agent answers and how to restart it.</summary>
    private void WriteGuardLink(long lease, SelfFencingOptions fencing)
    {
        if (_options.FenceGuard is { } guard)
        {
            new FenceGuardLink(HostName, Environment.ProcessId, lease, _options.HostLeaseTtl, fencing.FenceMargin, FenceGuardLink.HealthSocketIn(DataDirectory), guard.AgentCommand)
                .Write(DataDirectory);
        }
    }

    private static async Task WithdrawQuietlyAsync(SelfFencingHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        try
        {
            await heartbeat.WithdrawAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            // The store is away: the contract stays, and a lease that lapses would let the controller move VMs
            // that still run here. Nothing better can be done without the store.
        }
    }
}
