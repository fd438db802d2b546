using System.Buffers.Binary;
using System.Text;

namespace Nines.Images.Tests.Support;

/// <summary>
/// Writes small but well-formed ELF64 files for tests: an optional interpreter, DT_NEEDED entries, notes,
/// a .modinfo section and padding (to look like a kernel of realistic size). Laid out by hand, so what
/// the reader under test sees is exactly what the test asked for.
/// </summary>
internal static class TestElf
{
    public static byte[] Create(
        IEnumerable<string>? needed = null,
        string? interpreter = null,
        string? modinfo = null,
        IEnumerable<(string Owner, uint Type, byte[] Descriptor)>? notes = null,
        int padding = 0)
    {
        var neededList = needed?.ToList() ?? [];
        var body = new MemoryStream();
        var sections = new List<(string Name, int Type, long Offset, long Size, int Link)>();
        var segments = new List<(int Type, long Offset, long Size)>();
        const int headerSize = 64;
        const int maxSegments = 2;
        var bodyStart = headerSize + (maxSegments * 56);

        long Append(byte[] bytes)
        {
            while ((bodyStart + body.Length) % 8 != 0)
            {
                body.WriteByte(0);
            }

            var at = bodyStart + body.Length;
            body.Write(bytes);
            return at;
        }

        if (interpreter is not null)
        {
            var bytes = Encoding.ASCII.GetBytes(interpreter + "\0");
            segments.Add((3, Append(bytes), bytes.Length));
        }

        if (notes is not null)
        {
            var noteBytes = new MemoryStream();
            foreach (var (owner, type, descriptor) in notes)
            {
                var name = Encoding.ASCII.GetBytes(owner + "\0");
                WriteUInt32(noteBytes, (uint)name.Length);
                WriteUInt32(noteBytes, (uint)descriptor.Length);
                WriteUInt32(noteBytes, type);
                noteBytes.Write(name);
                Pad4(noteBytes);
                noteBytes.Write(descriptor);
                Pad4(noteBytes);
            }

            segments.Add((4, Append(noteBytes.ToArray()), noteBytes.Length));
        }

        var dynstr = new MemoryStream();
        dynstr.WriteByte(0);
        var dynamic = new MemoryStream();
        foreach (var name in neededList)
        {
            WriteInt64(dynamic, 1);
            WriteInt64(dynamic, dynstr.Length);
            dynstr.Write(Encoding.ASCII.GetBytes(name + "\0"));
        }

        WriteInt64(dynamic, 0);
        WriteInt64(dynamic, 0);
        var names = new List<string> { string.Empty };
        sections.Add((string.Empty, 0, 0, 0, 0));
        var dynstrAt = Append(dynstr.ToArray());
        sections.Add((".dynstr", 3, dynstrAt, dynstr.Length, 0));
        if (neededList.Count > 0)
        {
            sections.Add((".dynamic", 6, Append(dynamic.ToArray()), dynamic.Length, 1));
        }

        if (modinfo is not null)
        {
            var bytes = Encoding.ASCII.GetBytes(modinfo);
            sections.Add((".modinfo", 1, Append(bytes), bytes.Length, 0));
        }

        if (padding > 0)
        {
            sections.Add((".pad", 1, Append(new byte[padding]), padding, 0));
        }

        var shstrtab = new MemoryStream();
        var nameOffsets = new List<long>();
        foreach (var section in sections)
        {
            nameOffsets.Add(shstrtab.Length);
            shstrtab.Write(Encoding.ASCII.GetBytes(section.Name + "\0"));
        }

        nameOffsets.Add(shstrtab.Length);
        shstrtab.Write(".shstrtab\0"u8);
        sections.Add((".shstrtab", 3, Append(shstrtab.ToArray()), shstrtab.Length, 0));
        var sectionTable = Append([]);
        foreach (var (i, section) in sections.Index())
        {
            var entry = new byte[64];
            BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)nameOffsets[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(4), (uint)section.Type);
            BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(24), section.Offset);
            BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(32), section.Size);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(40), (uint)section.Link);
            body.Write(entry);
        }

        var file = new byte[bodyStart + body.Length];
        file[0] = 0x7F;
        "ELF"u8.CopyTo(file.AsSpan(1));
        file[4] = 2;
        file[5] = 1;
        file[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x10), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x12), 0x3E);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(0x20), headerSize);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(0x28), sectionTable);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x34), headerSize);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x36), 56);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x38), (ushort)segments.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3A), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3C), (ushort)sections.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3E), (ushort)(sections.Count - 1));
        foreach (var (i, segment) in segments.Index())
        {
            var at = file.AsSpan(headerSize + (i * 56));
            BinaryPrimitives.WriteUInt32LittleEndian(at, (uint)segment.Type);
            BinaryPrimitives.WriteInt64LittleEndian(at[8..], segment.Offset);
            BinaryPrimitives.WriteInt64LittleEndian(at[32..], segment.Size);
        }

        body.ToArray().CopyTo(file, bodyStart);
        return file;
    }

    /// <summary>A kernel-like ELF: the PVH note QEMU needs, padded past the extractor's minimum size.</summary>
    public static byte[] Kernel(bool withPvhNote = true) =>
        Create(notes: withPvhNote ? [("Xen", 18u, new byte[] { 0x10, 0, 0, 1 })] : [("GNU", 3u, new byte[] { 1, 2, 3, 4 })], padding: 2 * 1024 * 1024);

    private static void WriteUInt32(Stream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteInt64(Stream stream, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void Pad4(Stream stream)
    {
        while (stream.Length % 4 != 0)
        {
            stream.WriteByte(0);
        }
    }
}
