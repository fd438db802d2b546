namespace Nines.Store.Etcd;

/// <summary>Leases: etcd's Lease service, in whole seconds on etcd's clock.</summary>
public sealed partial class EtcdStateStore
{
    /// <remarks>
    /// etcd counts whole seconds, so <paramref name="ttl"/> is rounded up; etcd raises a TTL below its minimum
    /// (1.5 election timeouts, rounded up to a second: 2 s with the default 1 s election timeout) to that minimum.
    /// </remarks>
    public async Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        TxnRules.CheckTtl(ttl);
        var request = new EtcdLeaseRequest { Ttl = (long)Math.Ceiling(ttl.TotalSeconds) };
        var response = await CallAsync("/v3/lease/grant", request, EtcdJsonContext.Default.EtcdLeaseRequest, EtcdJsonContext.Default.EtcdLeaseResponse, idempotent: false, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(response.Error) || response.Id == 0)
        {
            throw new EtcdRequestException($"etcd did not grant a lease: {response.Error ?? "no lease id in the answer"}");
        }

        return response.Id;
    }

    public async Task<TimeSpan> KeepAliveAsync(long lease, CancellationToken cancellationToken = default)
    {
        // The gateway turns the bidirectional KeepAlive stream into one request and one streamed answer.
        var request = new EtcdLeaseRequest { Id = lease };
        var message = await CallAsync("/v3/lease/keepalive", request, EtcdJsonContext.Default.EtcdLeaseRequest, EtcdJsonContext.Default.EtcdStreamMessageEtcdLeaseResponse, idempotent: true, cancellationToken).ConfigureAwait(false);
        if (message.Error is { } error)
        {
            throw new EtcdRequestException($"etcd refused to keep lease {lease} alive: {error.Message} (gRPC code {error.GrpcCode})");
        }

        // etcd answers an unknown or expired lease with TTL 0, which protojson leaves out.
        var ttl = message.Result?.Ttl ?? 0;
        return ttl > 0 ? TimeSpan.FromSeconds(ttl) : throw new LeaseNotFoundException(lease);
    }

    public async Task<long> RevokeLeaseAsync(long lease, CancellationToken cancellationToken = default)
    {
        try
        {
            var request = new EtcdLeaseRequest { Id = lease };
            var response = await CallAsync("/v3/lease/revoke", request, EtcdJsonContext.Default.EtcdLeaseRequest, EtcdJsonContext.Default.EtcdLeaseResponse, idempotent: false, cancellationToken).ConfigureAwait(false);
            return RevisionOf(response.Header);
        }
        catch (EtcdRequestException e) when (IsLeaseNotFound(e))
        {
            throw new LeaseNotFoundException(lease);
        }
    }

    /// <summary>
    /// How long the lease has left before etcd ends it (whole seconds). Throws
    /// <see cref="LeaseNotFoundException"/> when it was revoked or has expired.
    /// </summary>
    public async Task<TimeSpan> TimeToLiveAsync(long lease, CancellationToken cancellationToken = default) =>
        await TimeToLiveOrNullAsync(lease, cancellationToken).ConfigureAwait(false) ?? throw new LeaseNotFoundException(lease);

    private async Task<TimeSpan?> TimeToLiveOrNullAsync(long lease, CancellationToken cancellationToken)
    {
        var request = new EtcdLeaseRequest { Id = lease };
        var response = await CallAsync("/v3/lease/timetolive", request, EtcdJsonContext.Default.EtcdLeaseRequest, EtcdJsonContext.Default.EtcdLeaseResponse, idempotent: true, cancellationToken).ConfigureAwait(false);

        // etcd says -1 for a lease it does not have; a lease at 0 is about to be revoked.
        return response.Ttl < 0 ? null : TimeSpan.FromSeconds(response.Ttl);
    }
}
