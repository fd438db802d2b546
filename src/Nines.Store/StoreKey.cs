using System.Text;

namespace Nines.Store;

/// <summary>
/// A key in the store: a byte string, usually UTF-8 text with a '/' hierarchy
/// (<c>/nines/vms/uml1/status</c>). Keys order and match prefixes byte by byte, as in etcd.
/// </summary>
public readonly struct StoreKey : IEquatable<StoreKey>, IComparable<StoreKey>
{
    private readonly byte[]? _bytes;

    private StoreKey(byte[] bytes) => _bytes = bytes;

    /// <summary>The empty key: as a prefix it matches every key; it cannot be written.</summary>
    public static StoreKey Empty => default;

    /// <summary>The key's bytes.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>The key's bytes as a span.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>The number of bytes in the key.</summary>
    public int Length => _bytes?.Length ?? 0;

    /// <summary>True for the empty key.</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>The key spelled by <paramref name="key"/> in UTF-8.</summary>
    public static StoreKey FromString(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new StoreKey(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>A key made of a copy of <paramref name="key"/>.</summary>
    public static StoreKey FromBytes(ReadOnlySpan<byte> key) => new(key.ToArray());

    /// <summary>Converts text to its UTF-8 key.</summary>
    public static implicit operator StoreKey(string key) => FromString(key);

    /// <summary>True when this key begins with every byte of <paramref name="prefix"/>.</summary>
    public bool StartsWith(StoreKey prefix) => Span.StartsWith(prefix.Span);

    /// <summary>The key decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public override string ToString() => Encoding.UTF8.GetString(Span);

    public bool Equals(StoreKey other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is StoreKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>Byte-wise order, shorter first on a common prefix (etcd's and SQLite's BLOB order).</summary>
    public int CompareTo(StoreKey other) => Span.SequenceCompareTo(other.Span);

    public static bool operator ==(StoreKey left, StoreKey right) => left.Equals(right);

    public static bool operator !=(StoreKey left, StoreKey right) => !left.Equals(right);

    public static bool operator <(StoreKey left, StoreKey right) => left.CompareTo(right) < 0;

    public static bool operator <=(StoreKey left, StoreKey right) => left.CompareTo(right) <= 0;

    public static bool operator >(StoreKey left, StoreKey right) => left.CompareTo(right) > 0;

    public static bool operator >=(StoreKey left, StoreKey right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// The first key after every key that starts with this prefix (etcd's <c>range_end</c>), or null when
    /// there is none (the empty prefix, or one made only of 0xFF bytes).
    /// </summary>
    internal byte[]? PrefixEnd()
    {
        var end = Span.ToArray();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xFF)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }

        return null;
    }

    /// <summary>The bytes as an array the caller must not change (for binding as a SQL parameter).</summary>
    internal byte[] BytesOrEmpty() => _bytes ?? [];
}
