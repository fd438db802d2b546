using System.Buffers.Binary;
using System.Text;

namespace Nines.Images.Elf;

/// <summary>
/// The parts of a 64-bit little-endian ELF file the image builder needs: the libraries a binary loads
/// (DT_NEEDED), its program interpreter, its notes, and named sections such as a kernel module's
/// <c>.modinfo</c>. Reading this ourselves, rather than running <c>ldd</c>, means nothing from the host's
/// own libraries is consulted: every answer comes from the downloaded files.
/// </summary>
internal sealed class ElfFile
{
    private const int ProgramInterpreter = 3;
    private const int ProgramNote = 4;
    private const int SectionDynamic = 6;
    private const long DynamicNeeded = 1;

    private readonly byte[] _bytes;
    private readonly List<Section> _sections = [];
    private readonly List<Segment> _segments = [];

    private ElfFile(byte[] bytes, string name)
    {
        _bytes = bytes;
        Name = name;
        ParseHeaders();
    }

    /// <summary>The file name, for error messages.</summary>
    public string Name { get; }

    /// <summary>True when <paramref name="bytes"/> start with the ELF magic.</summary>
    public static bool HasElfMagic(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] == 0x7F && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F';

    /// <summary>Parses an ELF64 little-endian file; throws <see cref="InvalidDataException"/> for anything else.</summary>
    public static ElfFile Parse(byte[] bytes, string name) => new(bytes, name);

    public static ElfFile Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>The program interpreter (PT_INTERP), e.g. <c>/lib64/ld-linux-x86-64.so.2</c>, or null for a static binary.</summary>
    public string? Interpreter
    {
        get
        {
            var segment = _segments.Find(s => s.Type == ProgramInterpreter);
            return segment is null ? null : ReadCString(checked((int)segment.Offset));
        }
    }

    /// <summary>The sonames this file asks the dynamic loader for, in order.</summary>
    public IReadOnlyList<string> NeededLibraries
    {
        get
        {
            var dynamic = _sections.Find(s => s.Type == SectionDynamic);
            if (dynamic is null)
            {
                return [];
            }

            var strings = SectionAt(dynamic.Link);
            var needed = new List<string>();
            for (long at = dynamic.Offset; at + 16 <= dynamic.Offset + dynamic.Size; at += 16)
            {
                var tag = ReadInt64(at);
                if (tag == 0)
                {
                    break;
                }

                if (tag == DynamicNeeded)
                {
                    needed.Add(ReadCString(checked((int)(strings.Offset + ReadInt64(at + 8)))));
                }
            }

            return needed;
        }
    }

    /// <summary>The notes of every PT_NOTE segment (owner name, type, descriptor bytes).</summary>
    public IReadOnlyList<ElfNote> Notes
    {
        get
        {
            var notes = new List<ElfNote>();
            foreach (var segment in _segments.Where(s => s.Type == ProgramNote))
            {
                var at = segment.Offset;
                var end = segment.Offset + segment.FileSize;
                while (at + 12 <= end)
                {
                    var nameSize = ReadUInt32(at);
                    var descSize = ReadUInt32(at + 4);
                    var type = ReadUInt32(at + 8);
                    var nameAt = at + 12;
                    var descAt = nameAt + Align4(nameSize);
                    if (descAt + descSize > end)
                    {
                        break;
                    }

                    var owner = Encoding.ASCII.GetString(_bytes, checked((int)nameAt), (int)nameSize).TrimEnd('\0');
                    notes.Add(new ElfNote(owner, type, _bytes.AsSpan(checked((int)descAt), (int)descSize).ToArray()));
                    at = descAt + Align4(descSize);
                }
            }

            return notes;
        }
    }

    /// <summary>The bytes of the section called <paramref name="name"/>, or null when there is none.</summary>
    public byte[]? SectionBytes(string name)
    {
        var section = _sections.Find(s => s.Name == name);
        return section is null ? null : _bytes.AsSpan(checked((int)section.Offset), checked((int)section.Size)).ToArray();
    }

    private static long Align4(long value) => (value + 3) & ~3L;

    private void ParseHeaders()
    {
        if (!HasElfMagic(_bytes) || _bytes.Length < 64)
        {
            throw new InvalidDataException($"{Name}: not an ELF file");
        }

        if (_bytes[4] != 2 || _bytes[5] != 1)
        {
            throw new InvalidDataException($"{Name}: not a 64-bit little-endian ELF file");
        }

        var programOffset = ReadInt64(0x20);
        var sectionOffset = ReadInt64(0x28);
        int programEntrySize = ReadUInt16(0x36), programCount = ReadUInt16(0x38);
        int sectionEntrySize = ReadUInt16(0x3A), sectionCount = ReadUInt16(0x3C), namesIndex = ReadUInt16(0x3E);
        for (var i = 0; i < programCount; i++)
        {
            var at = programOffset + ((long)i * programEntrySize);
            _segments.Add(new Segment((int)ReadUInt32(at), ReadInt64(at + 8), ReadInt64(at + 32)));
        }

        var raw = new List<(uint Name, int Type, long Offset, long Size, int Link)>();
        for (var i = 0; i < sectionCount; i++)
        {
            var at = sectionOffset + ((long)i * sectionEntrySize);
            raw.Add((ReadUInt32(at), (int)ReadUInt32(at + 4), ReadInt64(at + 24), ReadInt64(at + 32), (int)ReadUInt32(at + 40)));
        }

        var namesOffset = namesIndex < raw.Count ? raw[namesIndex].Offset : -1;
        foreach (var (nameIndex, type, offset, size, link) in raw)
        {
            var name = namesOffset < 0 ? string.Empty : ReadCString(checked((int)(namesOffset + nameIndex)));
            _sections.Add(new Section(name, type, offset, size, link));
        }
    }

    private Section SectionAt(int index) =>
        index >= 0 && index < _sections.Count ? _sections[index] : throw new InvalidDataException($"{Name}: section index {index} out of range");

    private void Check(long at, int length)
    {
        if (at < 0 || at + length > _bytes.Length)
        {
            throw new InvalidDataException($"{Name}: truncated ELF file (offset {at} beyond {_bytes.Length} bytes)");
        }
    }

    private ushort ReadUInt16(long at)
    {
        Check(at, 2);
        return BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan((int)at));
    }

    private uint ReadUInt32(long at)
    {
        Check(at, 4);
        return BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan((int)at));
    }

    private long ReadInt64(long at)
    {
        Check(at, 8);
        return BinaryPrimitives.ReadInt64LittleEndian(_bytes.AsSpan((int)at));
    }

    private string ReadCString(int at)
    {
        Check(at, 1);
        var end = Array.IndexOf(_bytes, (byte)0, at);
        if (end < 0)
        {
            throw new InvalidDataException($"{Name}: unterminated string at offset {at}");
        }

        return Encoding.UTF8.GetString(_bytes, at, end - at);
    }

    private sealed record Section(string Name, int Type, long Offset, long Size, int Link);

    private sealed record Segment(int Type, long Offset, long FileSize);
}
