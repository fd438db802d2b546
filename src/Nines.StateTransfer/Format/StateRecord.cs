namespace Nines.StateTransfer.Format;

/// <summary>
/// One entry of a section (a bearer, a flow, a counter set): explicit tagged fields, no memory image. A reader asks
/// for the fields it knows by tag and ignores the others, so a newer writer may add fields without breaking it.
/// </summary>
public sealed class StateRecord : IEquatable<StateRecord>
{
    private readonly StateField[] _fields;

    /// <summary>A record of <paramref name="fields"/>; tags must be distinct.</summary>
    public StateRecord(IEnumerable<StateField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = [.. fields];
        if (_fields.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"a record holds at most {ushort.MaxValue} fields, not {_fields.Length}", nameof(fields));
        }

        for (var i = 0; i < _fields.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (_fields[i].Tag == _fields[j].Tag)
                {
                    throw new ArgumentException($"tag {_fields[i].Tag} appears twice in one record", nameof(fields));
                }
            }
        }
    }

    // The decoder has checked the tags already.
    internal StateRecord(StateField[] fields, bool validated)
    {
        _ = validated;
        _fields = fields;
    }

    /// <summary>The fields in the order written.</summary>
    public IReadOnlyList<StateField> Fields => _fields;

    /// <summary>The field with <paramref name="tag"/>, if present.</summary>
    public StateField? Find(ushort tag)
    {
        foreach (var field in _fields)
        {
            if (field.Tag == tag)
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>A required unsigned field; <paramref name="name"/> is used in the error.</summary>
    public ulong UInt64(ushort tag, string name) => Required(tag, name, StateValueKind.UInt64).UInt64;

    /// <summary>A required signed field.</summary>
    public long Int64(ushort tag, string name) => Required(tag, name, StateValueKind.Int64).Int64;

    /// <summary>A required text field.</summary>
    public string String(ushort tag, string name) => Required(tag, name, StateValueKind.String).String;

    /// <summary>A required bytes field.</summary>
    public ReadOnlyMemory<byte> Bytes(ushort tag, string name) => Required(tag, name, StateValueKind.Bytes).Bytes;

    /// <summary>An optional unsigned field, <paramref name="fallback"/> when absent (added in a later schema).</summary>
    public ulong UInt64OrDefault(ushort tag, string name, ulong fallback) =>
        Find(tag) is null ? fallback : UInt64(tag, name);

    /// <summary>A required unsigned field that must fit in 32 bits.</summary>
    public uint UInt32(ushort tag, string name)
    {
        var value = UInt64(tag, name);
        return value <= uint.MaxValue ? (uint)value : throw new StateFormatException($"field '{name}' (tag {tag}) is {value}, more than 32 bits");
    }

    public bool Equals(StateRecord? other) => other is not null && _fields.AsSpan().SequenceEqual(other._fields);

    public override bool Equals(object? obj) => Equals(obj as StateRecord);

    public override int GetHashCode() => _fields.Length == 0 ? 0 : HashCode.Combine(_fields.Length, _fields[0]);

    private StateField Required(ushort tag, string name, StateValueKind kind)
    {
        var field = Find(tag) ?? throw new StateFormatException($"field '{name}' (tag {tag}) is missing");
        return field.Kind == kind ? field : throw new StateFormatException($"field '{name}' (tag {tag}) is {field.Kind}, expected {kind}");
    }
}
