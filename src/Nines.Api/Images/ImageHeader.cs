using System.Buffers.Binary;
using System.Text;

namespace Nines.Api.Images;

/// <summary>
/// What the first bytes of an uploaded image say, read by Nines itself before <c>qemu-img</c> opens the file: the
/// format its magic announces, and for qcow2 the version, virtual size, backing file (name and format) and whether it
/// keeps its data in an external file. Pure: works on the bytes given.
/// </summary>
internal sealed record ImageHeader(string? Magic, int Qcow2Version, long VirtualSize, string? BackingFile, string? BackingFormat, bool ExternalDataFile, string? Problem)
{
    /// <summary>How many bytes from the start of the file <see cref="Read"/> wants (a qcow2 header, its extensions and backing name fit).</summary>
    public const int Length = 64 * 1024;

    private const uint BackingFormatExtension = 0xe2792aca;
    private const uint DataFileExtension = 0x44415441;
    private const ulong ExternalDataFileFeature = 1UL << 2;

    // Formats QEMU's probe recognises by their first bytes: a file said to be raw that starts like one of these is
    // refused, so nothing that later probes it (a person, a tool) can be made to follow its metadata.
    private static readonly (string Format, int Offset, byte[] Magic)[] _magics =
    [
        ("qcow2", 0, [(byte)'Q', (byte)'F', (byte)'I', 0xfb]),
        ("qed", 0, [(byte)'Q', (byte)'E', (byte)'D', 0]),
        ("vmdk", 0, "KDMV"u8.ToArray()),
        ("vmdk", 0, "COWD"u8.ToArray()),
        ("vmdk", 0, "# Disk DescriptorFile"u8.ToArray()),
        ("vdi", 0x40, [0x7f, 0x10, 0xda, 0xbe]),
        ("vhdx", 0, "vhdxfile"u8.ToArray()),
        ("vpc", 0, "conectix"u8.ToArray()),
        ("luks", 0, [(byte)'L', (byte)'U', (byte)'K', (byte)'S', 0xba, 0xbe]),
        ("parallels", 0, "WithoutFreeSpace"u8.ToArray()),
        ("parallels", 0, "WithouFreSpacExt"u8.ToArray()),
        ("bochs", 0, "Bochs Virtual HD Image"u8.ToArray()),
        ("cloop", 0, "#!/bin/sh\n#V2.0 Format\n"u8.ToArray()),
    ];

    /// <summary>Reads the header in <paramref name="start"/> (the file's first <see cref="Length"/> bytes or all of a shorter file).</summary>
    public static ImageHeader Read(ReadOnlySpan<byte> start)
    {
        string? magic = null;
        foreach (var (format, offset, bytes) in _magics)
        {
            if (start.Length >= offset + bytes.Length && start.Slice(offset, bytes.Length).SequenceEqual(bytes))
            {
                magic = format;
                break;
            }
        }

        return magic == "qcow2" ? ReadQcow2(start) : new ImageHeader(magic, 0, 0, null, null, false, null);
    }

    private static ImageHeader ReadQcow2(ReadOnlySpan<byte> start)
    {
        if (start.Length < 72)
        {
            return Broken("the qcow2 header is cut short");
        }

        var version = (int)BinaryPrimitives.ReadUInt32BigEndian(start[4..]);
        var backingOffset = BinaryPrimitives.ReadUInt64BigEndian(start[8..]);
        var backingSize = BinaryPrimitives.ReadUInt32BigEndian(start[16..]);
        var size = BinaryPrimitives.ReadUInt64BigEndian(start[24..]);
        if (version is not (2 or 3))
        {
            return Broken($"qcow2 version {version} is not supported (expected 2 or 3)");
        }

        ulong incompatible = 0;
        var extensions = 72;
        if (version == 3)
        {
            if (start.Length < 104)
            {
                return Broken("the qcow2 v3 header is cut short");
            }

            incompatible = BinaryPrimitives.ReadUInt64BigEndian(start[72..]);
            extensions = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(start[100..]), int.MaxValue);
        }

        string? backing = null;
        if (backingOffset != 0)
        {
            if (backingSize is 0 or > 1023 || backingOffset > (ulong)start.Length || backingOffset + backingSize > (ulong)start.Length)
            {
                return Broken($"the qcow2 backing file name (at {backingOffset}, {backingSize} bytes) is not within the image's first {Length} bytes");
            }

            backing = Encoding.UTF8.GetString(start.Slice((int)backingOffset, (int)backingSize));
        }

        string? backingFormat = null;
        var dataFile = (incompatible & ExternalDataFileFeature) != 0;
        var position = extensions;
        while (position + 8 <= start.Length)
        {
            var type = BinaryPrimitives.ReadUInt32BigEndian(start[position..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(start[(position + 4)..]);
            if (type == 0)
            {
                break;
            }

            if ((ulong)position + 8 + length > (ulong)start.Length)
            {
                return Broken($"a qcow2 header extension (at {position}, {length} bytes) runs past the image's first {Length} bytes");
            }

            var data = start.Slice(position + 8, (int)length);
            if (type == BackingFormatExtension)
            {
                backingFormat = Encoding.UTF8.GetString(data);
            }
            else if (type == DataFileExtension)
            {
                dataFile = true;
            }

            position += 8 + (int)((length + 7) & ~7u);
        }

        return new ImageHeader("qcow2", version, size > long.MaxValue ? long.MaxValue : (long)size, backing, backingFormat, dataFile, null);
    }

    private static ImageHeader Broken(string problem) => new("qcow2", 0, 0, null, null, false, problem);
}
