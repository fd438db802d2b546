using System.Text;

namespace Nines.Store.Etcd;

/// <summary>
/// Maps store keys to etcd keys under the store's key prefix and back, and etcd's key-value shape to
/// <see cref="KeyValueEntry"/>.
/// </summary>
internal sealed class EtcdKeySpace(string? keyPrefix)
{
    /// <summary>etcd's "every key from here on": a range end of one zero byte.</summary>
    private static readonly byte[] _toTheEnd = [0];

    private readonly byte[] _prefix = Encoding.UTF8.GetBytes(keyPrefix ?? "");

    public byte[] Full(StoreKey key)
    {
        var full = new byte[_prefix.Length + key.Length];
        _prefix.CopyTo(full, 0);
        key.Span.CopyTo(full.AsSpan(_prefix.Length));
        return full;
    }

    /// <summary>The etcd key and range end selecting every key that starts with <paramref name="prefix"/>.</summary>
    public (byte[] Key, byte[] RangeEnd) Range(StoreKey prefix)
    {
        var full = Full(prefix);
        if (full.Length == 0)
        {
            // etcd reads key "\0" with range end "\0" as the whole key space.
            return (_toTheEnd, _toTheEnd);
        }

        return (full, StoreKey.FromBytes(full).PrefixEnd() ?? _toTheEnd);
    }

    public StoreKey Strip(byte[]? etcdKey)
    {
        var key = etcdKey ?? [];
        if (!key.AsSpan().StartsWith(_prefix))
        {
            throw new EtcdRequestException($"etcd returned key \"{Encoding.UTF8.GetString(key)}\" outside this store's key prefix \"{Encoding.UTF8.GetString(_prefix)}\"");
        }

        return StoreKey.FromBytes(key.AsSpan(_prefix.Length));
    }

    public KeyValueEntry ToEntry(EtcdKeyValue kv) =>
        new(Strip(kv.Key), kv.Value ?? [], kv.CreateRevision, kv.ModRevision, kv.Version, kv.Lease);
}
