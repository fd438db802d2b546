using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Nines.Drivers.StateFiles;

namespace Nines.Drivers.Container.Sandbox;

/// <summary>
/// Where an instance's root is mounted: <c>MOUNTROOT/&lt;hash of the run directory&gt;/rootfs</c>
/// (<see cref="ContainerDriverOptions.MountDirectory"/>, <c>/run/nines/instances</c>), not inside the run directory.
/// crun makes the root private and <c>pivot_root</c>s into it as the instance's root, an unprivileged host id, which
/// must be able to walk the path; a data directory usually has a 0700 ancestor (a home, a temp directory) that id cannot
/// enter. So the mount point lives in a chain Nines makes itself: every missing directory of the mount root 0711 root's,
/// every existing one root's, searchable by others and writable by nobody else (the driver never changes a directory it
/// did not make), and the instance's own directory 0700 owned by the instance's root id, so no other instance's id
/// reaches its mount point. The overlay is mounted only in the supervisor's private mount namespace: on the host these
/// directories stay empty.
/// </summary>
internal static class MountDirectory
{
    private const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The instance's directory under <paramref name="mountRoot"/>: 16 hex digits of the run directory's SHA-256 (run directories of every driver on the host differ).</summary>
    public static string Of(string mountRoot, string runDirectory) =>
        Path.Combine(mountRoot, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(runDirectory)))[..16]);

    /// <summary>
    /// Makes (or checks) the chain down to <paramref name="directory"/> and gives the instance's directory to
    /// <paramref name="hostId"/> (0700); its <c>rootfs</c> mount point is made root's inside.
    /// </summary>
    /// <exception cref="IOException">A directory of the chain is a symbolic link, not a directory, someone else's, open for
    /// writing to others, or closed to them.</exception>
    public static void Prepare(string directory, long hostId)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("instances need Linux namespaces");
        }

        var full = Path.GetFullPath(directory);
        EnsureChain(Path.GetDirectoryName(full)!);
        var own = PosixFiles.LStat(full);
        if (own is { IsDirectory: false } or { IsSymbolicLink: true })
        {
            // Only root can make entries in the mount root: whatever this is, it is a leftover of ours.
            PosixFiles.Unlink(full);
            own = null;
        }

        if (own is null)
        {
            Directory.CreateDirectory(full, OwnerOnly);
        }

        File.SetUnixFileMode(full, OwnerOnly);
        var rootfs = Path.Combine(full, "rootfs");
        if (PosixFiles.LStat(rootfs) is { IsDirectory: false } or { IsSymbolicLink: true })
        {
            PosixFiles.Unlink(rootfs);
        }

        Directory.CreateDirectory(rootfs);
        PosixFiles.LChown(rootfs, 0, 0);
        PosixFiles.LChown(full, (uint)hostId, (uint)hostId);
    }

    /// <summary>Removes the instance's (empty) directory and mount point; nothing else is ever deleted.</summary>
    public static void Remove(string directory)
    {
        foreach (var path in new[] { Path.Combine(directory, "rootfs"), directory })
        {
            if (PosixFiles.LStat(path) is { IsDirectory: true })
            {
                // Never recursive: should a root still be mounted here, its files stay untouched.
                Directory.Delete(path);
            }
        }
    }

    /// <summary>
    /// Every directory from <c>/</c> down to <paramref name="mountRoot"/>: a missing one is made 0711 (root's); an existing
    /// one must be a directory of root's that others may enter and only root may write (or sticky, as <c>/tmp</c>).
    /// </summary>
    private static void EnsureChain(string mountRoot)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("instances need Linux namespaces");
        }

        var current = "/";
        foreach (var part in mountRoot.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var found = PosixFiles.LStat(current);
            if (found is null)
            {
                Directory.CreateDirectory(current, Traversable);
                File.SetUnixFileMode(current, Traversable);
                found = PosixFiles.LStat(current);
            }

            if (Refusal(found!.Value) is { } problem)
            {
                throw new IOException($"the instances' mount directory \"{mountRoot}\" cannot be used: \"{current}\" {problem} (ContainerDriverOptions.MountDirectory)");
            }
        }
    }

    private static string? Refusal(FileOwnership found) => found switch
    {
        { IsSymbolicLink: true } => "is a symbolic link",
        { IsDirectory: false } => "is not a directory",
        { Uid: not 0 } => $"belongs to uid {found.Uid}, not root",
        { } f when (f.Permissions & 0x12) != 0 && (f.Permissions & 0x200) == 0 => $"is writable by group or others (mode {Octal(f.Permissions)})",
        { } f when (f.Permissions & 0x1) == 0 => $"is closed to others (mode {Octal(f.Permissions)}): an instance's unprivileged root could not reach its mount point",
        _ => null,
    };

    private static string Octal(int mode) => "0" + Convert.ToString(mode, 8).ToString(CultureInfo.InvariantCulture);
}
