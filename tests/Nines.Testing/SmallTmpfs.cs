using System.Diagnostics;

namespace Nines.Testing;

/// <summary>
/// A size-limited tmpfs mounted on a fresh temporary directory (root only), for disk-full tests: <see cref="Fill"/>
/// takes every free byte, deleting the filler gives the space back. Unmounted and removed on dispose.
/// </summary>
public sealed class SmallTmpfs : IDisposable
{
    private SmallTmpfs(string path) => Path = path;

    /// <summary>Why a tmpfs cannot be mounted here (not root), or null.</summary>
    public static string? Missing => Environment.IsPrivilegedProcess ? null : "mounting a size-limited tmpfs needs root";

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> bytes.</summary>
    public static SmallTmpfs Mount(long bytes)
    {
        var path = Directory.CreateTempSubdirectory("nines-tmpfs-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={bytes},mode=0700", "tmpfs", path);
        return new SmallTmpfs(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a filler file until the file system refuses (ENOSPC); returns its path.</summary>
    public string Fill(string name = "filler")
    {
        var filler = File(name);
        var chunk = new byte[4096];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        try
        {
            while (true)
            {
                stream.Write(chunk);
            }
        }
        catch (IOException)
        {
            // No space left: the file system is full.
        }

        return filler;
    }

    /// <summary>Bytes the file system still has free.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public void Dispose()
    {
        try
        {
            Run("umount", "-l", Path);
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Best effort: a leftover empty directory in temp is harmless.
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()}");
        }
    }
}
