namespace Nines.Store.Sqlite;

/// <summary>Leases: rows with an expiry time on the store's clock; any instance on the file may end them.</summary>
public sealed partial class SqliteStateStore
{
    public Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        TxnRules.CheckTtl(ttl);
        return WriteAsync(batch =>
        {
            using var command = batch.Command("INSERT INTO leases(ttl_ms, expires_at) VALUES ($ttl, $expires); SELECT last_insert_rowid();");
            var ttlMs = (long)Math.Ceiling(ttl.TotalMilliseconds);
            command.Parameters.AddWithValue("$ttl", ttlMs);
            command.Parameters.AddWithValue("$expires", batch.NowMs + ttlMs);
            return (long)command.ExecuteScalar()!;
        }, cancellationToken);
    }

    public Task<TimeSpan> KeepAliveAsync(long lease, CancellationToken cancellationToken = default) =>
        WriteAsync(batch =>
        {
            using var command = batch.Command("UPDATE leases SET expires_at = $now + ttl_ms WHERE id = $id AND expires_at > $now RETURNING ttl_ms;");
            command.Parameters.AddWithValue("$id", lease);
            command.Parameters.AddWithValue("$now", batch.NowMs);
            return command.ExecuteScalar() is long ttlMs ? TimeSpan.FromMilliseconds(ttlMs) : throw new LeaseNotFoundException(lease);
        }, cancellationToken);

    public Task<long> RevokeLeaseAsync(long lease, CancellationToken cancellationToken = default) =>
        WriteAsync(batch => batch.EndLease(lease) ? batch.Revision : throw new LeaseNotFoundException(lease), cancellationToken);
}
