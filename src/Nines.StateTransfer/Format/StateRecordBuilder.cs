namespace Nines.StateTransfer.Format;

/// <summary>Builds a <see cref="StateRecord"/> field by field: <c>new StateRecordBuilder().Add(1, teid).Build()</c>.</summary>
public sealed class StateRecordBuilder
{
    private readonly List<StateField> _fields = [];

    public StateRecordBuilder Add(ushort tag, ulong value)
    {
        _fields.Add(StateField.OfUInt64(tag, value));
        return this;
    }

    // Unsigned narrower values are stored as u64: without these, C# would pick the long overload for them.
    public StateRecordBuilder Add(ushort tag, uint value) => Add(tag, (ulong)value);

    public StateRecordBuilder Add(ushort tag, ushort value) => Add(tag, (ulong)value);

    public StateRecordBuilder Add(ushort tag, byte value) => Add(tag, (ulong)value);

    public StateRecordBuilder Add(ushort tag, long value)
    {
        _fields.Add(StateField.OfInt64(tag, value));
        return this;
    }

    public StateRecordBuilder Add(ushort tag, string value)
    {
        _fields.Add(StateField.OfString(tag, value));
        return this;
    }

    public StateRecordBuilder Add(ushort tag, ReadOnlySpan<byte> value)
    {
        _fields.Add(StateField.OfBytes(tag, value));
        return this;
    }

    public StateRecord Build() => new(_fields);
}
