using System.Runtime.InteropServices;

namespace Nines.Drivers.HostPaths;

/// <summary>
/// The I/O half of the host-resource policy: resolves a path as the kernel would (component by component, following
/// each symbolic link, <c>..</c> applied to the real directory reached so far) and reads its type with <c>statx</c>
/// (.NET reports no device, FIFO or socket type).
/// </summary>
public static partial class HostPathProbe
{
    /// <summary>Symbolic links followed before the path is declared unresolvable (Linux's own limit is 40).</summary>
    private const int MaxLinkHops = 40;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int StatxSize = 256;

    /// <summary>
    /// The real path and type of <paramref name="path"/> (absolute). A missing component makes the rest lexical: the
    /// file is <see cref="HostFileType.Missing"/> and its real path is the existing prefix's with the rest appended.
    /// </summary>
    public static HostPathFacts Probe(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"\"{path}\" is not an absolute path", nameof(path));
        }

        var current = "/";
        var pending = new LinkedList<string>(path.Split('/'));
        var hops = 0;
        var throughSymlink = false;
        var missing = false;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            var part = node.Value;
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var candidate = current == "/" ? "/" + part : current + "/" + part;
            if (missing)
            {
                current = candidate;
                continue;
            }

            var type = TypeOf(candidate, out var isLink);
            if (isLink)
            {
                if (++hops > MaxLinkHops || new FileInfo(candidate).LinkTarget is not { } target)
                {
                    return new HostPathFacts(candidate, HostFileType.Unknown, true);
                }

                throughSymlink = true;
                if (target.StartsWith('/'))
                {
                    current = "/";
                }

                foreach (var segment in target.Split('/').Reverse())
                {
                    pending.AddFirst(segment);
                }

                continue;
            }

            missing = type == HostFileType.Missing;
            current = candidate;
        }

        return new HostPathFacts(current, missing ? HostFileType.Missing : TypeOf(current, out _), throughSymlink);
    }

    /// <summary>The real path of a configured root (itself when it does not exist yet).</summary>
    public static string Resolve(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Probe(Path.GetFullPath(root)).Resolved;
    }

    /// <summary>A policy whose roots and tenant library parent are real paths.</summary>
    public static HostPathPolicy Resolved(IEnumerable<string> imageRoots, string? tenantLibraries)
    {
        ArgumentNullException.ThrowIfNull(imageRoots);
        return new HostPathPolicy(imageRoots.Select(Resolve), tenantLibraries is null ? null : Resolve(tenantLibraries));
    }

    /// <summary>The type of the file at <paramref name="path"/> itself (a link is not followed: <paramref name="isLink"/> says so).</summary>
    private static HostFileType TypeOf(string path, out bool isLink)
    {
        isLink = false;
        var buffer = new byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, ref buffer[0]) != 0)
        {
            // ENOENT, ENOTDIR (a file used as a directory): nothing is there. Anything else (EACCES, ELOOP) is unknown.
            var errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 ? HostFileType.Missing : HostFileType.Unknown;
        }

        var mode = MemoryMarshal.Read<ushort>(buffer.AsSpan(StatxModeOffset)) & 0xF000;
        isLink = mode == 0xA000;
        return mode switch
        {
            0x8000 => HostFileType.RegularFile,
            0x4000 => HostFileType.Directory,
            0x6000 => HostFileType.BlockDevice,
            0x2000 => HostFileType.CharacterDevice,
            0x1000 => HostFileType.Fifo,
            0xC000 => HostFileType.Socket,
            _ => HostFileType.Unknown,
        };
    }

    // statx(2): unlike stat(2), its struct has one layout on every architecture (stx_mode is the u16 at offset 28).
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, ref byte buffer);
}
