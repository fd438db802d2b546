using System.Buffers.Binary;
using System.Text;

namespace Nines.StateTransfer.Format;

/// <summary>
/// The state format, version 1. Every number is big-endian; nothing depends on the CPU, the runtime or memory layout.
/// <code>
/// document  = magic "N9ST" | format u16 (=1) | flags u16 (=0) | kind str16 | schema u32 | sections u32 | section* | crc32 u32
/// section   = name str16 | records u32 | record*
/// record    = fields u16 | field*
/// field     = tag u16 | kind u8 | value          (kind 1 u64, 2 i64: 8 bytes; 3 UTF-8, 4 bytes: len u32 | bytes)
/// str16     = len u16 | UTF-8 bytes
/// </code>
/// The CRC-32 (IEEE) covers every byte before it.
/// </summary>
public static partial class StateCodec
{
    /// <summary>The format version this code writes and reads.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>The smallest document: header, empty kind, no section, checksum.</summary>
    public const int MinimumLength = 4 + 2 + 2 + 2 + 4 + 4 + 4;

    /// <summary>Longest kind or section name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 256;

    internal static ReadOnlySpan<byte> Magic => "N9ST"u8;

    /// <summary>The document's bytes.</summary>
    public static byte[] Encode(StateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var writer = new BigEndianWriter(EstimateLength(document));
        writer.Write(Magic);
        writer.WriteUInt16(FormatVersion);
        writer.WriteUInt16(0);
        writer.WriteName(document.Kind, "kind");
        writer.WriteUInt32(document.SchemaVersion);
        writer.WriteUInt32((uint)document.Sections.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in document.Sections)
        {
            if (!names.Add(section.Name))
            {
                throw new ArgumentException($"section '{section.Name}' appears twice", nameof(document));
            }

            writer.WriteName(section.Name, "section name");
            writer.WriteUInt32((uint)section.Records.Count);
            foreach (var record in section.Records)
            {
                writer.WriteUInt16((ushort)record.Fields.Count);
                foreach (var field in record.Fields)
                {
                    writer.WriteUInt16(field.Tag);
                    writer.WriteByte((byte)field.Kind);
                    if (field.Kind is StateValueKind.UInt64 or StateValueKind.Int64)
                    {
                        writer.WriteUInt64(field.RawNumber);
                    }
                    else
                    {
                        writer.WriteUInt32((uint)field.RawBytes!.Length);
                        writer.Write(field.RawBytes);
                    }
                }
            }
        }

        writer.WriteUInt32(Crc32.Compute(writer.Written));
        return writer.ToArray();
    }

    private static int EstimateLength(StateDocument document) =>
        MinimumLength + 64 + document.Sections.Sum(s => 8 + (s.Records.Count * 64));

    /// <summary>A growable big-endian buffer.</summary>
    private sealed class BigEndianWriter(int capacity)
    {
        private byte[] _buffer = new byte[Math.Max(capacity, 64)];
        private int _length;

        public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public void WriteByte(byte value) => Take(1)[0] = value;

        public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), value);

        public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

        public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Take(8), value);

        public void Write(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

        public void WriteName(string name, string what)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            if (bytes.Length > MaxNameBytes)
            {
                throw new ArgumentException($"{what} '{name}' is {bytes.Length} UTF-8 bytes; at most {MaxNameBytes}", nameof(name));
            }

            WriteUInt16((ushort)bytes.Length);
            Write(bytes);
        }

        public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

        private Span<byte> Take(int count)
        {
            if (_length + count > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
            }

            var span = _buffer.AsSpan(_length, count);
            _length += count;
            return span;
        }
    }
}
