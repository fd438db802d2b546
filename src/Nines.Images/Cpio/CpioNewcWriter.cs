using System.Globalization;
using System.Text;

namespace Nines.Images.Cpio;

/// <summary>
/// Writes a cpio archive in the "newc" (SVR4, no CRC) format the Linux kernel unpacks as an initramfs.
/// Each entry is a 110-byte ASCII header (magic <c>070701</c> and thirteen 8-digit hex fields), the
/// NUL-terminated name padded to 4 bytes, then the data padded to 4 bytes; a <c>TRAILER!!!</c> entry ends
/// the archive. Parent directories are added automatically, before their contents, because the kernel
/// creates each entry in archive order. Every timestamp is the same fixed value and owners are root, so
/// the same inputs always give the same bytes (the image's content hash depends on it).
/// </summary>
internal sealed class CpioNewcWriter
{
    public const int TypeDirectory = 0x4000;
    public const int TypeRegular = 0x8000;
    public const int TypeSymlink = 0xA000;
    public const int TypeCharacterDevice = 0x2000;
    private const string Trailer = "TRAILER!!!";

    private readonly Stream _output;
    private readonly long _modificationTime;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private long _written;
    private int _nextInode = 1;
    private bool _finished;

    /// <param name="modificationTime">Seconds since the epoch stamped on every entry.</param>
    public CpioNewcWriter(Stream output, long modificationTime = 0)
    {
        _output = output;
        _modificationTime = modificationTime;
    }

    /// <summary>Adds a directory (and its missing parents).</summary>
    public void AddDirectory(string path, int permissions = 0x1ED /* 0755 */)
    {
        var name = Normalize(path);
        if (_names.Contains(name))
        {
            return;
        }

        AddParents(name);
        WriteEntry(name, TypeDirectory | permissions, nlink: 2, data: [], rdevMajor: 0, rdevMinor: 0);
    }

    /// <summary>Adds a regular file with the given contents.</summary>
    public void AddFile(string path, ReadOnlySpan<byte> contents, int permissions)
    {
        var name = Normalize(path);
        AddParents(name);
        WriteEntry(name, TypeRegular | permissions, nlink: 1, contents, 0, 0);
    }

    /// <summary>Adds a symbolic link; its data is the target path.</summary>
    public void AddSymlink(string path, string target)
    {
        var name = Normalize(path);
        AddParents(name);
        WriteEntry(name, TypeSymlink | 0x1FF /* 0777 */, nlink: 1, Encoding.UTF8.GetBytes(target), 0, 0);
    }

    /// <summary>Adds a character device node (e.g. /dev/console 5:1), which needs no privilege inside an archive.</summary>
    public void AddCharacterDevice(string path, int major, int minor, int permissions)
    {
        var name = Normalize(path);
        AddParents(name);
        WriteEntry(name, TypeCharacterDevice | permissions, nlink: 1, [], major, minor);
    }

    /// <summary>True when an entry called <paramref name="path"/> was already written.</summary>
    public bool Contains(string path) => _names.Contains(Normalize(path));

    /// <summary>Writes the trailer; the archive is complete afterwards.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        WriteHeaderAndName(Trailer, inode: 0, mode: 0, nlink: 1, fileSize: 0, 0, 0, mtime: 0);
        _finished = true;
    }

    /// <summary>Archive names are relative ("bin/busybox"): no leading slash, no "." or ".." parts.</summary>
    private static string Normalize(string path)
    {
        var parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p is "." or ".."))
        {
            throw new ArgumentException($"invalid archive path \"{path}\"", nameof(path));
        }

        return string.Join('/', parts);
    }

    private void AddParents(string name)
    {
        var slash = name.LastIndexOf('/');
        if (slash > 0 && !_names.Contains(name[..slash]))
        {
            AddDirectory(name[..slash]);
        }
    }

    private void WriteEntry(string name, int mode, int nlink, ReadOnlySpan<byte> data, int rdevMajor, int rdevMinor)
    {
        if (_finished)
        {
            throw new InvalidOperationException("the archive is already finished");
        }

        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"duplicate archive entry \"{name}\"");
        }

        WriteHeaderAndName(name, _nextInode++, mode, nlink, data.Length, rdevMajor, rdevMinor, _modificationTime);
        _output.Write(data);
        _written += data.Length;
        Pad();
    }

    private void WriteHeaderAndName(string name, int inode, int mode, int nlink, int fileSize, int rdevMajor, int rdevMinor, long mtime)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var header = new StringBuilder("070701", 110);
        foreach (var field in new long[] { inode, mode, 0, 0, nlink, mtime, fileSize, 0, 0, rdevMajor, rdevMinor, nameBytes.Length + 1, 0 })
        {
            header.Append(field.ToString("X8", CultureInfo.InvariantCulture));
        }

        var headerBytes = Encoding.ASCII.GetBytes(header.ToString());
        _output.Write(headerBytes);
        _output.Write(nameBytes);
        _output.WriteByte(0);
        _written += headerBytes.Length + nameBytes.Length + 1;
        Pad();
    }

    private void Pad()
    {
        while (_written % 4 != 0)
        {
            _output.WriteByte(0);
            _written++;
        }
    }
}
