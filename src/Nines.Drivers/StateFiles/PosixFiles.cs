using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Nines.Drivers.StateFiles;

/// <summary>
/// The few POSIX calls .NET does not offer: <c>open</c> with <c>O_NOFOLLOW</c>, and <c>statx</c> for a file's owner
/// without following a symbolic link (<c>struct statx</c> has one layout on every architecture, <c>struct stat</c> has not).
/// </summary>
internal static partial class PosixFiles
{
    private const int OCreate = 0x40;
    private const int OExclusive = 0x80;
    private const int OCloseOnExec = 0x80000;
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary><c>O_NOFOLLOW</c>: 0x20000 on x86-64, 0x8000 on arm64 (the generic Linux value).</summary>
    private static int ONoFollow => RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 0x20000 : 0x8000;

    /// <summary>The effective uid of this process: who the files Nines creates belong to.</summary>
    public static uint EffectiveUid => geteuid();

    /// <summary>Creates <paramref name="path"/> with <c>O_CREAT|O_EXCL|O_NOFOLLOW</c>, mode 0600, for writing.</summary>
    /// <exception cref="IOException">The file exists (even as a symbolic link, which is never followed) or cannot be created.</exception>
    public static SafeFileHandle CreateNew(string path) => Open(path, 1 | OCreate | OExclusive, 0x180);

    /// <summary>Opens <paramref name="path"/> for reading with <c>O_NOFOLLOW</c>: a symbolic link is an error, not followed.</summary>
    public static SafeFileHandle OpenReadNoFollow(string path) => Open(path, 0, 0);

    /// <summary>What <c>lstat</c> says of <paramref name="path"/>; null when nothing is there.</summary>
    public static FileOwnership? LStat(string path)
    {
        var buffer = new byte[256];
        return statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) == 0
            ? Decode(buffer)
            : Marshal.GetLastPInvokeError() == 2 ? null : throw Error("lstat", path);
    }

    /// <summary>What <c>fstat</c> says of an open file.</summary>
    public static FileOwnership FStat(SafeFileHandle file, string path)
    {
        ArgumentNullException.ThrowIfNull(file);
        var buffer = new byte[256];
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return statxFd((int)file.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxBasicStats, buffer) == 0 ? Decode(buffer) : throw Error("fstat", path);
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    /// <summary>Removes the directory entry itself (a symbolic link is removed, its target untouched).</summary>
    public static void Unlink(string path)
    {
        if (unlink(path) != 0 && Marshal.GetLastPInvokeError() != 2)
        {
            throw Error("unlink", path);
        }
    }

    /// <summary><c>lchown</c>: gives the entry itself (never a symbolic link's target) to <paramref name="uid"/>:<paramref name="gid"/>.</summary>
    public static void LChown(string path, uint uid, uint gid)
    {
        if (lchown(path, uid, gid) != 0)
        {
            throw Error("lchown", path);
        }
    }

    private static SafeFileHandle Open(string path, int flags, int mode)
    {
        var fd = open(path, flags | ONoFollow | OCloseOnExec, mode);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Error("open", path);
    }

    private static FileOwnership Decode(byte[] statx) => new(
        BitConverter.ToUInt32(statx, 20),
        BitConverter.ToUInt32(statx, 24),
        BitConverter.ToUInt16(statx, 28));

    private static IOException Error(string call, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        var message = errno switch
        {
            17 => "it exists already (Nines never writes over or through an existing entry)",
            40 => "it is a symbolic link (not followed)",
            _ => Marshal.GetPInvokeErrorMessage(errno),
        };
        return new IOException($"{call} \"{path}\": {message}", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statxFd(int dirfd, string path, int flags, uint mask, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unlink(string path);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint geteuid();
}
