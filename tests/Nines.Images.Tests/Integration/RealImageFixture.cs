using System.Diagnostics;
using Nines.Images.Packages;
using Nines.Processes;
using Nines.Testing;

namespace Nines.Images.Tests.Integration;

/// <summary>
/// Builds the real guest image once, from real apt downloads, into a temporary cache shared by the tests
/// of <see cref="RealImageCollection"/>. Builds nothing when a tool is missing: the tests are then skipped by <see cref="RealGuestFactAttribute"/>.
/// </summary>
public sealed class RealImageFixture : IAsyncLifetime
{
    public string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "nines-img-test-" + Guid.NewGuid().ToString("N")[..8]);

    public GuestImage? Image { get; private set; }

    public TimeSpan BuildTime { get; private set; }

    public IReadOnlyList<string> Progress { get; private set; } = [];

    internal CountingPackageSource Source { get; } = new(new AptPackageSource(ProcessRunner.Default));

    public async Task InitializeAsync()
    {
        if (Tools.Missing(Tools.ForRealImage) is not null)
        {
            return;
        }

        var lines = new List<string>();
        var watch = Stopwatch.StartNew();
        Image = await new GuestImageBuilder(Source, TimeProvider.System)
            .BuildAsync(new GuestImageOptions { CacheDirectory = CacheDirectory }, new SynchronousProgress(lines), CancellationToken.None);
        BuildTime = watch.Elapsed;
        Progress = lines;
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(CacheDirectory))
        {
            Directory.Delete(CacheDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class RealImageCollection : ICollectionFixture<RealImageFixture>
{
    public const string Name = "real guest image";
}

/// <summary>An <see cref="IProgress{T}"/> that records lines as they come (Progress&lt;T&gt; posts them later).</summary>
internal sealed class SynchronousProgress(List<string> lines) : IProgress<string>
{
    public void Report(string value)
    {
        lock (lines)
        {
            lines.Add(value);
        }
    }
}

/// <summary>Wraps a package source and counts downloads, to prove a cached image needs none.</summary>
internal sealed class CountingPackageSource(IPackageSource inner) : IPackageSource
{
    private int _fetches;

    public int Fetches => _fetches;

    public Task<IReadOnlyList<string>> GetDependenciesAsync(string package, CancellationToken cancellationToken) =>
        inner.GetDependenciesAsync(package, cancellationToken);

    public Task<IReadOnlyList<DebianPackage>> FetchAsync(IReadOnlyList<string> packages, string workDirectory, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fetches);
        return inner.FetchAsync(packages, workDirectory, cancellationToken);
    }
}

/// <summary>A fact that needs apt and QEMU; skipped, with the reason, when one of them is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealGuestFactAttribute : FactAttribute
{
    public RealGuestFactAttribute() => Skip = TestRequirements.SkipReason(Tools.Missing(Tools.ForRealImage));
}

/// <summary>The tools the real image tests need.</summary>
internal static class Tools
{
    public static readonly string[] ForRealImage = ["apt-get", "apt-cache", "dpkg-deb", "xz", "qemu-system-x86_64"];

    /// <summary>A skip reason naming the first tool not on PATH, or null when all are there.</summary>
    public static string? Missing(params string[] tools)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (var tool in tools)
        {
            if (!path.Any(directory => File.Exists(Path.Combine(directory, tool))))
            {
                return $"{tool} is not installed (eng/require.sh installs it)";
            }
        }

        return null;
    }
}
