using System.Globalization;

namespace Nines.Bench.Soak;

/// <summary>
/// A data directory on its own small tmpfs (as root) that the soak fills with a ballast file and frees again: a
/// disk-full window. Without root (or without mount) it is an ordinary directory and the fault is skipped.
/// </summary>
internal sealed class DiskFiller(string directory, int sizeMiB)
{
    private const string Ballast = ".soak-ballast";

    public string Directory { get; } = directory;

    public bool Mounted { get; private set; }

    public string? Why { get; private set; }

    public async Task MountAsync(SoakCleanup cleanup, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        if (Environment.UserName != "root")
        {
            Why = "disk-full windows need root (a tmpfs mount): skipped";
            return;
        }

        var mount = await Shell.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={sizeMiB.ToString(CultureInfo.InvariantCulture)}m,mode=0755", "nines-soak", Directory], TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
        if (!mount.Succeeded)
        {
            Why = $"disk-full windows skipped: mount tmpfs failed: {mount.Error.Trim()}";
            return;
        }

        Mounted = true;
        cleanup.Add($"umount {Directory}", async () =>
        {
            var result = await Shell.RunAsync("umount", ["-l", Directory], TimeSpan.FromSeconds(20), CancellationToken.None).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(result.Error.Trim());
            }
        });
    }

    /// <summary>Fills the file system to the last byte, holds it full for <paramref name="hold"/>, then frees it.</summary>
    public async Task<long> FillAndFreeAsync(TimeSpan hold, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory, Ballast);
        long written = 0;
        try
        {
            var chunk = new byte[1 << 20];
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                try
                {
                    while (true)
                    {
                        await file.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                        written += chunk.Length;
                    }
                }
                catch (IOException)
                {
                    // ENOSPC: full. Top up byte by byte in smaller pieces so nothing is left.
                    for (var size = chunk.Length / 2; size >= 512; size /= 2)
                    {
                        try
                        {
                            await file.WriteAsync(chunk.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
                            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                            written += size;
                        }
                        catch (IOException)
                        {
                            // This size no longer fits: try a smaller one.
                        }
                    }
                }
            }
        }
        catch (IOException)
        {
            // Closing a file on a full disk may fail too; the ballast is there either way.
        }

        try
        {
            await Task.Delay(hold, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(path);
        }

        return written;
    }
}
