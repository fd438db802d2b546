using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Nines.Drivers.StateFiles;

/// <summary>
/// Directories and files that hold a guest's memory (suspend images, migration state): directories 0700 that Nines
/// made or checked, files created with <c>O_CREAT|O_EXCL|O_NOFOLLOW</c> mode 0600 and read with <c>O_NOFOLLOW</c>.
/// </summary>
/// <remarks>
/// A directory that exists already is used only when it is a real directory (not a symbolic link) owned by this
/// process's user with no access for group or others: a local user who made it first, or a symlink planted in its
/// place, could otherwise read every tenant's RAM or have root write through the link. Inside such a directory only
/// this user can add entries, and <c>O_NOFOLLOW</c>/<c>O_EXCL</c> hold even if one appears anyway.
/// </remarks>
public static class PrivateStateFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates <paramref name="path"/> (0700) when missing — only that last component: its parent must exist (a state
    /// directory's parent is the admin's data directory, or a state directory checked first) — then checks it as
    /// <see cref="CheckDirectory"/> does.
    /// </summary>
    /// <exception cref="UnsafeStateFileException">It is a symbolic link, not a directory, someone else's, or open to group or others.</exception>
    /// <exception cref="DirectoryNotFoundException">Its parent does not exist.</exception>
    public static string EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("state directories are POSIX directories");
        }

        var full = Path.GetFullPath(path);
        if (PosixFiles.LStat(full) is null)
        {
            var parent = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(parent))
            {
                throw new DirectoryNotFoundException($"state directory \"{full}\" cannot be created: its parent \"{parent}\" does not exist");
            }

            // One mkdir, mode 0700 (less the umask); a directory someone makes first in between is checked below like any other.
            Directory.CreateDirectory(full, OwnerOnly);
        }

        return CheckDirectory(full);
    }

    /// <summary><see cref="EnsureDirectory(string)"/> of <paramref name="root"/>, then of <paramref name="child"/> in it (e.g. a tenant's).</summary>
    /// <exception cref="UnsafeStateFileException">Either directory is refused.</exception>
    /// <exception cref="ArgumentException"><paramref name="child"/> is not one plain name.</exception>
    public static string EnsureDirectory(string root, string child)
    {
        ArgumentException.ThrowIfNullOrEmpty(child);
        if (child is "." or ".." || child.Contains('/', StringComparison.Ordinal) || child.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"\"{child}\" is not a directory name", nameof(child));
        }

        return EnsureDirectory(Path.Combine(EnsureDirectory(root), child));
    }

    /// <summary>Checks that <paramref name="path"/> is a directory (not a symbolic link) of this user, mode 0700 or stricter.</summary>
    /// <exception cref="UnsafeStateFileException">It is missing, a symbolic link, not a directory, someone else's, or open to group or others.</exception>
    public static string CheckDirectory(string path)
    {
        var full = Path.GetFullPath(path);
        var found = PosixFiles.LStat(full);
        var problem = found switch
        {
            null => "it does not exist",
            { IsSymbolicLink: true } => "it is a symbolic link",
            { IsDirectory: false } => "it is not a directory",
            { } f when f.Uid != PosixFiles.EffectiveUid => $"it belongs to uid {f.Uid}, not to uid {PosixFiles.EffectiveUid} that runs Nines",
            { } f when (f.Permissions & 0x3F) != 0 => $"its mode is {Octal(f.Permissions)}: group or others may enter (want 0700)",
            _ => null,
        };
        return problem is null
            ? full
            : throw new UnsafeStateFileException(full, $"state directory \"{full}\" is refused: {problem}; remove it and let Nines create it, or make it a directory of uid {PosixFiles.EffectiveUid} with mode 0700");
    }

    /// <summary>
    /// Creates the state file <paramref name="path"/> for writing (<c>O_CREAT|O_EXCL|O_NOFOLLOW</c>, 0600) in a directory that
    /// passes <see cref="CheckDirectory"/>. A previous state file of this user (regular, 0600) is replaced; anything else in
    /// its place (a symbolic link, a fifo, someone else's file) is refused and left as it is.
    /// </summary>
    /// <exception cref="UnsafeStateFileException">The directory or what is already at <paramref name="path"/> is refused.</exception>
    public static SafeFileHandle CreateNew(string path)
    {
        var full = Path.GetFullPath(path);
        CheckDirectory(Path.GetDirectoryName(full)!);
        if (PosixFiles.LStat(full) is { } existing)
        {
            if (!IsOurs(existing))
            {
                throw new UnsafeStateFileException(full, $"state file \"{full}\" is refused: {Describe(existing)} is in its place (it is neither followed nor replaced)");
            }

            PosixFiles.Unlink(full);
        }

        try
        {
            return PosixFiles.CreateNew(full);
        }
        catch (IOException e)
        {
            throw new UnsafeStateFileException(full, $"state file \"{full}\" cannot be created: {e.Message}", e);
        }
    }

    /// <summary>Opens the state file <paramref name="path"/> for reading (<c>O_NOFOLLOW</c>): a regular 0600 file of this user in a checked directory.</summary>
    /// <exception cref="FileNotFoundException">Nothing is there.</exception>
    /// <exception cref="UnsafeStateFileException">The directory or the file is refused.</exception>
    public static SafeFileHandle OpenRead(string path)
    {
        var full = Path.GetFullPath(path);
        CheckDirectory(Path.GetDirectoryName(full)!);
        if (PosixFiles.LStat(full) is null)
        {
            throw new FileNotFoundException($"no state file at \"{full}\"", full);
        }

        SafeFileHandle file;
        try
        {
            file = PosixFiles.OpenReadNoFollow(full);
        }
        catch (IOException e)
        {
            throw new UnsafeStateFileException(full, $"state file \"{full}\" is refused: {e.Message}", e);
        }

        var opened = PosixFiles.FStat(file, full);
        if (!IsOurs(opened))
        {
            file.Dispose();
            throw new UnsafeStateFileException(full, $"state file \"{full}\" is refused: it is {Describe(opened)}, not a file Nines wrote (regular, uid {PosixFiles.EffectiveUid}, 0600)");
        }

        return file;
    }

    private static bool IsOurs(FileOwnership file) =>
        file.IsRegularFile && file.Uid == PosixFiles.EffectiveUid && (file.Permissions & 0x3F) == 0;

    private static string Describe(FileOwnership file) => file switch
    {
        { IsSymbolicLink: true } => "a symbolic link",
        { IsRegularFile: false } => $"not a regular file (mode {Octal(file.Mode)})",
        _ => $"a file of uid {file.Uid} with mode {Octal(file.Permissions)}",
    };

    private static string Octal(int mode) => "0" + Convert.ToString(mode, 8).PadLeft(3, '0').ToString(CultureInfo.InvariantCulture);
}
