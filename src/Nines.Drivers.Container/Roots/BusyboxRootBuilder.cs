using Nines.Images;
using Nines.Images.Initramfs;
using Nines.Images.Packages;

namespace Nines.Drivers.Container.Roots;

/// <summary>
/// The default root of an instance: busybox from the Debian <c>busybox-static</c> package the guest image uses
/// (fetched with the image builder's <see cref="AptPackageSource"/>), with its applet links and a minimal
/// <c>/etc</c>. Built once into the cache and shared read-only by every instance (each writes to its own overlay).
/// </summary>
internal sealed class BusyboxRootBuilder(string cacheDirectory, IProcessRunner processes)
{
    private const string Package = "busybox-static";
    private const string CompleteMarker = ".nines-root-complete";
    private static readonly SemaphoreSlim _building = new(1, 1);

    public string RootDirectory { get; } = Path.Combine(cacheDirectory, "busybox-root");

    public bool IsBuilt => File.Exists(Path.Combine(RootDirectory, CompleteMarker));

    /// <summary>The root directory, built first when the cache has none.</summary>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        if (IsBuilt)
        {
            return RootDirectory;
        }

        await _building.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsBuilt)
            {
                await BuildAsync(cancellationToken).ConfigureAwait(false);
            }

            return RootDirectory;
        }
        finally
        {
            _building.Release();
        }
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheDirectory);
        var staging = Path.Combine(cacheDirectory, $".busybox-root-{Guid.NewGuid():N}");
        var work = staging + ".work";
        try
        {
            var package = (await new AptPackageSource(processes).FetchAsync([Package], work, cancellationToken).ConfigureAwait(false)).Single();
            var busybox = Path.Combine(package.Root, "bin", "busybox");
            if (!File.Exists(busybox))
            {
                throw new GuestImageException($"{Package} {package.Version} has no bin/busybox");
            }

            foreach (var directory in new[] { "bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "tmp", "root", "run", "var/www", "var/run" })
            {
                Directory.CreateDirectory(Path.Combine(staging, directory));
            }

            if (!OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException("instances need Linux namespaces");
            }

            File.SetUnixFileMode(Path.Combine(staging, "tmp"), (UnixFileMode)0x3FF /* 1777 */ | UnixFileMode.StickyBit);
            var target = Path.Combine(staging, "bin", "busybox");
            File.Copy(busybox, target);
            File.SetUnixFileMode(target, (UnixFileMode)0x1ED /* 0755 */);
            foreach (var applet in await ListAppletsAsync(target, cancellationToken).ConfigureAwait(false))
            {
                var link = Path.Combine(staging, applet);
                if (!File.Exists(link) && applet != "bin/busybox")
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                    File.CreateSymbolicLink(link, "/bin/busybox");
                }
            }

            File.WriteAllText(Path.Combine(staging, "etc", "passwd"), GuestScripts.Passwd);
            File.WriteAllText(Path.Combine(staging, "etc", "group"), GuestScripts.Group);
            File.WriteAllText(Path.Combine(staging, "etc", "hosts"), "127.0.0.1 localhost\n::1 localhost\n");
            File.WriteAllText(Path.Combine(staging, CompleteMarker), $"{Package} {package.Version} {package.Sha256}\n");
            if (Directory.Exists(RootDirectory))
            {
                Directory.Delete(RootDirectory, recursive: true);
            }

            Directory.Move(staging, RootDirectory);
        }
        finally
        {
            foreach (var leftover in new[] { staging, work }.Where(Directory.Exists))
            {
                Directory.Delete(leftover, recursive: true);
            }
        }
    }

    private async Task<IReadOnlyList<string>> ListAppletsAsync(string busybox, CancellationToken cancellationToken)
    {
        var listed = await processes.RunAsync(ProcessRequest.Of(busybox, "--list-full") with { Timeout = TimeSpan.FromSeconds(30) }, cancellationToken).ConfigureAwait(false);
        if (listed is not { Succeeded: true })
        {
            throw new GuestImageException($"busybox --list-full failed: {(listed.TimedOut ? "timed out" : listed.StandardError)}");
        }

        return listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
