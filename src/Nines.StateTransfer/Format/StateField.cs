using System.Text;

namespace Nines.StateTransfer.Format;

/// <summary>One explicit field of a record: a tag the function defines, a wire type and the value.</summary>
public readonly record struct StateField
{
    private readonly ulong _number;
    private readonly byte[]? _bytes;

    private StateField(ushort tag, StateValueKind kind, ulong number, byte[]? bytes)
    {
        Tag = tag;
        Kind = kind;
        _number = number;
        _bytes = bytes;
    }

    /// <summary>The function's name for the field, as a number (stable across versions).</summary>
    public ushort Tag { get; }

    /// <summary>The wire type.</summary>
    public StateValueKind Kind { get; }

    /// <summary>The value of a <see cref="StateValueKind.UInt64"/> field.</summary>
    public ulong UInt64 => Kind == StateValueKind.UInt64 ? _number : throw WrongKind(StateValueKind.UInt64);

    /// <summary>The value of a <see cref="StateValueKind.Int64"/> field.</summary>
    public long Int64 => Kind == StateValueKind.Int64 ? unchecked((long)_number) : throw WrongKind(StateValueKind.Int64);

    /// <summary>The value of a <see cref="StateValueKind.String"/> field.</summary>
    public string String => Kind == StateValueKind.String ? Encoding.UTF8.GetString(_bytes!) : throw WrongKind(StateValueKind.String);

    /// <summary>The value of a <see cref="StateValueKind.Bytes"/> or <see cref="StateValueKind.String"/> field, as stored.</summary>
    public ReadOnlyMemory<byte> Bytes => Kind is StateValueKind.Bytes or StateValueKind.String ? _bytes : throw WrongKind(StateValueKind.Bytes);

    internal ulong RawNumber => _number;

    internal byte[]? RawBytes => _bytes;

    public static StateField OfUInt64(ushort tag, ulong value) => new(tag, StateValueKind.UInt64, value, null);

    public static StateField OfInt64(ushort tag, long value) => new(tag, StateValueKind.Int64, unchecked((ulong)value), null);

    public static StateField OfString(ushort tag, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(tag, StateValueKind.String, 0, Encoding.UTF8.GetBytes(value));
    }

    public static StateField OfBytes(ushort tag, ReadOnlySpan<byte> value) => new(tag, StateValueKind.Bytes, 0, value.ToArray());

    internal static StateField Raw(ushort tag, StateValueKind kind, ulong number, byte[]? bytes) => new(tag, kind, number, bytes);

    /// <summary>Equal when tag, kind and value are (bytes compared by content).</summary>
    public bool Equals(StateField other) =>
        Tag == other.Tag && Kind == other.Kind && _number == other._number
        && (_bytes ?? []).AsSpan().SequenceEqual(other._bytes ?? []);

    public override int GetHashCode() => HashCode.Combine(Tag, Kind, _number, _bytes?.Length ?? -1);

    private InvalidOperationException WrongKind(StateValueKind wanted) =>
        new($"tag {Tag}: the field is {Kind}, not {wanted}");
}
