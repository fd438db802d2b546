using System.Buffers.Binary;
using System.Text;

namespace Nines.StateTransfer.Format;

/// <summary>Reading a document: every malformation is a <see cref="StateFormatException"/> naming the field and offset.</summary>
public static partial class StateCodec
{
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a document; throws <see cref="StateFormatException"/> for anything but a valid version-1 document.</summary>
    public static StateDocument Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < MinimumLength)
        {
            throw new StateFormatException($"truncated: {data.Length} bytes, a state document has at least {MinimumLength}", data.Length, "header");
        }

        if (!data[..4].SequenceEqual(Magic))
        {
            throw new StateFormatException($"wrong magic 0x{Convert.ToHexString(data[..4])}, expected \"N9ST\" (0x4E395354): not a Nines state document", 0, "magic");
        }

        var version = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        if (version != FormatVersion)
        {
            throw new StateFormatException($"format version {version} is not supported (this reader reads version {FormatVersion})", 4, "format version");
        }

        var flags = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
        if (flags != 0)
        {
            throw new StateFormatException($"flags 0x{flags:X4} are not defined in version {FormatVersion} (must be 0)", 6, "flags");
        }

        var body = data[..^4];
        var stored = BinaryPrimitives.ReadUInt32BigEndian(data[^4..]);
        var actual = Crc32.Compute(body);
        if (stored != actual)
        {
            throw new StateFormatException($"checksum mismatch: stored 0x{stored:X8}, computed 0x{actual:X8} (truncated or corrupted)", data.Length - 4, "crc32");
        }

        var reader = new Reader(body, 8);
        var kind = reader.Name("kind");
        var schema = reader.UInt32("schema version");
        var sectionCount = reader.Count("section count", minimumBytesEach: 6);
        var sections = new List<StateSection>((int)Math.Min(sectionCount, 1024));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0u; s < sectionCount; s++)
        {
            var at = $"section[{s}]";
            var name = reader.Name($"{at} name");
            if (!names.Add(name))
            {
                throw new StateFormatException($"section '{name}' appears twice", reader.Offset, at);
            }

            at = $"{at} '{name}'";
            var recordCount = reader.Count($"{at} record count", minimumBytesEach: 2);
            var records = new StateRecord[recordCount];
            for (var r = 0u; r < recordCount; r++)
            {
                records[r] = ReadRecord(ref reader, at, r);
            }

            sections.Add(new StateSection(name, records));
        }

        if (reader.Remaining != 0)
        {
            throw new StateFormatException($"{reader.Remaining} bytes after the last section", reader.Offset, "end");
        }

        return new StateDocument(kind, schema, sections);
    }

    // The field path is built only when something is wrong: a state of 10,000 records must not cost 120,000 strings.
    private static StateRecord ReadRecord(ref Reader reader, string sectionAt, uint index)
    {
        var f = -1;
        ushort tag = 0;
        var tagRead = false;
        try
        {
            var count = reader.UInt16("field count");
            var fields = new StateField[count];
            for (f = 0; f < count; f++)
            {
                tagRead = false;
                tag = reader.UInt16("tag");
                tagRead = true;
                for (var previous = 0; previous < f; previous++)
                {
                    if (fields[previous].Tag == tag)
                    {
                        throw new StateFormatException($"tag {tag} appears twice in the record", reader.Offset, string.Empty);
                    }
                }

                var kindAt = reader.Offset;
                var kind = (StateValueKind)reader.Byte("kind");
                fields[f] = kind switch
                {
                    StateValueKind.UInt64 or StateValueKind.Int64 => StateField.Raw(tag, kind, reader.UInt64("value"), null),
                    StateValueKind.String => StateField.Raw(tag, kind, 0, reader.Utf8("value")),
                    StateValueKind.Bytes => StateField.Raw(tag, kind, 0, reader.Bytes("value")),
                    _ => throw new StateFormatException($"unknown value kind {(byte)kind} (1 u64, 2 i64, 3 string, 4 bytes)", kindAt, "kind"),
                };
            }

            return new StateRecord(fields, validated: true);
        }
        catch (StateFormatException e) when (e.Field is { } part)
        {
            var record = $"{sectionAt} record[{index}]";
            var where = f < 0 ? record : tagRead ? $"{record} tag {tag}" : $"{record} field[{f}]";
            throw new StateFormatException(e.Reason, e.Offset, part.Length == 0 ? where : $"{where} {part}");
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> data, int offset)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Offset { get; private set; } = offset;

        public readonly int Remaining => _data.Length - Offset;

        public byte Byte(string field) => Take(1, field)[0];

        public ushort UInt16(string field) => BinaryPrimitives.ReadUInt16BigEndian(Take(2, field));

        public uint UInt32(string field) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, field));

        public ulong UInt64(string field) => BinaryPrimitives.ReadUInt64BigEndian(Take(8, field));

        /// <summary>A count whose items need at least <paramref name="minimumBytesEach"/> bytes: a lie is caught before allocating.</summary>
        public uint Count(string field, int minimumBytesEach)
        {
            var at = Offset;
            var count = UInt32(field);
            if ((ulong)count * (ulong)minimumBytesEach > (ulong)Remaining)
            {
                throw new StateFormatException($"claims {count} entries but only {Remaining} bytes follow (truncated or corrupted)", at, field);
            }

            return count;
        }

        public string Name(string field)
        {
            var at = Offset;
            var length = UInt16(field);
            if (length > MaxNameBytes)
            {
                throw new StateFormatException($"name of {length} bytes; at most {MaxNameBytes}", at, field);
            }

            return Text(Take(length, field), at, field);
        }

        public byte[] Bytes(string field)
        {
            var at = Offset;
            var length = UInt32(field);
            if (length > Remaining)
            {
                throw new StateFormatException($"length {length} but only {Remaining} bytes follow (truncated)", at, field);
            }

            return Take((int)length, field).ToArray();
        }

        public byte[] Utf8(string field)
        {
            var at = Offset;
            var bytes = Bytes(field);
            _ = Text(bytes, at, field);
            return bytes;
        }

        private static string Text(ReadOnlySpan<byte> bytes, int at, string field)
        {
            try
            {
                return _strictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new StateFormatException("not valid UTF-8", at, field);
            }
        }

        private ReadOnlySpan<byte> Take(int count, string field)
        {
            if (count > Remaining)
            {
                throw new StateFormatException($"truncated: needs {count} bytes, {Remaining} left", Offset, field);
            }

            var span = _data.Slice(Offset, count);
            Offset += count;
            return span;
        }
    }
}
