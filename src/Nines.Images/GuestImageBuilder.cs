using System.Security.Cryptography;
using Nines.Images.Manifest;
using Nines.Images.Packages;
using Nines.Processes;

namespace Nines.Images;

/// <summary>
/// Builds the guest image from Debian packages into a cache directory, or returns the one already there.
/// A build happens in a private directory beside the images and is renamed into place only when complete,
/// so a crash or a concurrent reader never sees half an image; a lock file keeps two builders from
/// downloading at once. The image directory is named after its content hash and <c>current</c> names the
/// image in use; older images are left for the VMs that may still boot from them.
/// </summary>
public sealed partial class GuestImageBuilder
{
    /// <summary>The kernel file in an image directory.</summary>
    public const string KernelFileName = "vmlinux";

    /// <summary>The initramfs file in an image directory.</summary>
    public const string InitrdFileName = "initramfs.cpio.gz";

    private const string CurrentFileName = "current";
    private const string LockFileName = ".lock";

    private readonly IPackageSource _packages;
    private readonly TimeProvider _time;
    private readonly IProcessRunner _processes;

    /// <summary>A builder that downloads with the host's apt.</summary>
    public GuestImageBuilder(TimeProvider timeProvider)
        : this(new ProcessRunner(timeProvider), timeProvider)
    {
    }

    /// <summary>A builder that runs apt, dpkg-deb and xz through <paramref name="processes"/>.</summary>
    public GuestImageBuilder(IProcessRunner processes, TimeProvider timeProvider)
        : this(new AptPackageSource(processes), timeProvider, processes)
    {
    }

    internal GuestImageBuilder(IPackageSource packages, TimeProvider timeProvider, IProcessRunner? processes = null)
    {
        _packages = packages;
        _time = timeProvider;
        _processes = processes ?? new ProcessRunner(timeProvider);
    }

    /// <summary>
    /// <c>$NINES_HOME/images</c> when NINES_HOME is set, else <c>~/.cache/nines/images</c>.
    /// </summary>
    /// <param name="environment">Reads an environment variable; defaults to the process environment.</param>
    public static string DefaultCacheDirectory(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("NINES_HOME") is { Length: > 0 } home)
        {
            return Path.Combine(home, "images");
        }

        var userHome = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(userHome, ".cache", "nines", "images");
    }

    /// <summary>
    /// The current image in <paramref name="cacheDirectory"/> (default: <see cref="DefaultCacheDirectory"/>),
    /// or null when there is none or it is incomplete (a file missing or of the wrong size).
    /// </summary>
    public static GuestImage? TryOpen(string? cacheDirectory = null)
    {
        var cache = Path.GetFullPath(cacheDirectory ?? DefaultCacheDirectory());
        var current = Path.Combine(cache, CurrentFileName);
        if (!File.Exists(current))
        {
            return null;
        }

        var name = File.ReadAllText(current).Trim();
        if (name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || name.StartsWith('.'))
        {
            return null;
        }

        var directory = Path.Combine(cache, name);
        var manifestPath = Path.Combine(directory, ImageManifest.FileName);
        if (!File.Exists(manifestPath) || ImageManifest.FromJson(File.ReadAllText(manifestPath)) is not { } manifest)
        {
            return null;
        }

        foreach (var file in manifest.Files)
        {
            var info = new FileInfo(Path.Combine(directory, file.Name));
            if (!info.Exists || info.Length != file.Size)
            {
                return null;
            }
        }

        return new GuestImage(
            directory,
            Path.Combine(directory, KernelFileName),
            Path.Combine(directory, InitrdFileName),
            manifest.KernelCommandLine,
            manifest.ContentHash,
            manifest.KernelVersion,
            manifest.MinimumMemoryMiB);
    }

    /// <summary>
    /// Returns the cached image, or builds it: downloads the packages, extracts the kernel and writes the
    /// initramfs and manifest. With <see cref="GuestImageOptions.Force"/> it always builds.
    /// </summary>
    /// <exception cref="GuestImageException">A tool failed, a package lacks an expected file, or a library cannot be found.</exception>
    public async Task<GuestImage> BuildAsync(GuestImageOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cache = Path.GetFullPath(options.CacheDirectory ?? DefaultCacheDirectory());
        Directory.CreateDirectory(cache);
        using var buildLock = await AcquireLockAsync(cache, progress, cancellationToken).ConfigureAwait(false);
        if (!options.Force && TryOpen(cache) is { } cached)
        {
            progress?.Report($"using the cached image {cached.Directory}");
            return cached;
        }

        var staging = Path.Combine(cache, ".build-" + Guid.NewGuid().ToString("N"));
        try
        {
            var manifest = await AssembleAsync(options, staging, progress, cancellationToken).ConfigureAwait(false);
            var name = manifest.ContentHash[..16];
            var target = Path.Combine(cache, name);
            if (Directory.Exists(target))
            {
                // Same content already present (e.g. a forced rebuild of unchanged packages): keep the old copy.
                Directory.Delete(staging, recursive: true);
            }
            else
            {
                Directory.Move(Path.Combine(staging, "image"), target);
            }

            var pointer = Path.Combine(cache, ".current-" + Guid.NewGuid().ToString("N"));
            await File.WriteAllTextAsync(pointer, name + "\n", cancellationToken).ConfigureAwait(false);
            File.Move(pointer, Path.Combine(cache, CurrentFileName), overwrite: true);
            return TryOpen(cache) ?? throw new GuestImageException($"the image just built in {target} could not be opened");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private async Task<FileStream> AcquireLockAsync(string cache, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var path = Path.Combine(cache, LockFileName);
        var reported = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!reported)
                {
                    progress?.Report($"waiting for another build in {cache}");
                    reported = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<ManifestFile> DescribeAsync(string directory, string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, name);
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return new ManifestFile(name, stream.Length, Convert.ToHexStringLower(hash));
        }
    }

    /// <summary>SHA-256 over each produced file's name and hash, then the command line: what makes two guests the same.</summary>
    internal static string ComputeContentHash(IEnumerable<ManifestFile> files, string kernelCommandLine)
    {
        var text = string.Concat(files.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Name} {f.Sha256}\n"))
            + $"cmdline {kernelCommandLine}\n";
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}
