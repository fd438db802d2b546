using System.IO.Compression;
using System.Text;
using Nines.Images.Tests.Support;
using Nines.Testing;

namespace Nines.Images.Tests;

public sealed class GuestImageBuilderTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    private static GuestImageOptions Options(string cache, bool force = false) =>
        new() { CacheDirectory = cache, Force = force, KernelModules = ["virtio_pci"] };

    private static Task<GuestImage> BuildAsync(FakePackageSource source, string cache, bool force = false) =>
        new GuestImageBuilder(source, new FakeTimeProvider()).BuildAsync(Options(cache, force), null, CancellationToken.None);

    private static Dictionary<string, CpioEntry> Initramfs(GuestImage image)
    {
        using var gzip = new GZipStream(File.OpenRead(image.InitrdPath), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return CpioReader.Read(plain.ToArray()).ToDictionary(e => e.Name);
    }

    [Fact]
    public async Task BuildAsync_FakePackages_WritesKernelInitramfsAndManifest()
    {
        var image = await BuildAsync(FakePackageSource.Debian(), _cache.Path);

        image.KernelVersion.ShouldBe("6.1.0-99-amd64");
        File.ReadAllBytes(image.KernelPath).ShouldBe(TestElf.Kernel());
        Path.GetFileName(image.Directory).ShouldBe(image.ContentHash[..16]);
        File.ReadAllText(_cache.Combine("current")).Trim().ShouldBe(image.ContentHash[..16]);
        var entries = Initramfs(image);
        entries.Keys.ShouldContain("init");
        entries.Keys.ShouldContain("bin/busybox");
        entries.Keys.ShouldContain("usr/sbin/qemu-ga");
        entries.Keys.ShouldContain("usr/lib/x86_64-linux-gnu/libglib-2.0.so.0");
        entries.Keys.ShouldContain("usr/lib/x86_64-linux-gnu/libpcre2-8.so.0");
        entries.Keys.ShouldNotContain("usr/lib/x86_64-linux-gnu/libunused.so.1");
        Encoding.ASCII.GetString(entries["lib64/ld-linux-x86-64.so.2"].Data).ShouldBe("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
        var rcs = Encoding.ASCII.GetString(entries["etc/init.d/rcS"].Data);
        rcs.IndexOf("virtio/virtio.ko", StringComparison.Ordinal).ShouldBeLessThan(rcs.IndexOf("virtio/virtio_pci.ko", StringComparison.Ordinal));
        rcs.ShouldContain(GuestImage.ReadyMarker);
        var manifest = File.ReadAllText(Path.Combine(image.Directory, "manifest.json"));
        manifest.ShouldContain("\"role\": \"kernel\"");
        manifest.ShouldContain("\"libpcre2-8-0\"");
        manifest.ShouldNotContain("libunused1");
        manifest.ShouldContain(image.ContentHash);
    }

    [Fact]
    public async Task BuildAsync_SecondCall_ReturnsCachedImageWithoutFetching()
    {
        var first = await BuildAsync(FakePackageSource.Debian(), _cache.Path);
        var source = FakePackageSource.Debian();

        var second = await BuildAsync(source, _cache.Path);

        second.ShouldBe(first);
        source.Fetched.ShouldBeEmpty();
    }

    [Fact]
    public async Task BuildAsync_ForcedOrElsewhere_SameInputsSameContentHash()
    {
        using var other = new TempDirectory();
        var first = await BuildAsync(FakePackageSource.Debian(), _cache.Path);
        var source = FakePackageSource.Debian();

        var forced = await BuildAsync(source, _cache.Path, force: true);
        var elsewhere = await BuildAsync(FakePackageSource.Debian(), other.Path);

        source.Fetched.ShouldContain("qemu-guest-agent");
        forced.ShouldBe(first);
        elsewhere.ContentHash.ShouldBe(first.ContentHash);
    }

    [Fact]
    public async Task BuildAsync_LibraryInNoPackage_ThrowsNamingItAndLeavesNoPartialImage()
    {
        var error = await Should.ThrowAsync<GuestImageException>(() => BuildAsync(FakePackageSource.Debian(withPcre: false), _cache.Path));

        error.Message.ShouldContain("libpcre2-8.so.0");
        GuestImageBuilder.TryOpen(_cache.Path).ShouldBeNull();
        Directory.EnumerateDirectories(_cache.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task TryOpen_ImageFileTruncated_ReturnsNull()
    {
        var image = await BuildAsync(FakePackageSource.Debian(), _cache.Path);
        File.WriteAllBytes(image.InitrdPath, [1, 2, 3]);

        GuestImageBuilder.TryOpen(_cache.Path).ShouldBeNull();
    }

    [Fact]
    public void TryOpen_EmptyCache_ReturnsNull() => GuestImageBuilder.TryOpen(_cache.Path).ShouldBeNull();

    [Fact]
    public void DefaultCacheDirectory_NinesHomeSet_UsesItsImagesFolder() =>
        GuestImageBuilder.DefaultCacheDirectory(name => name == "NINES_HOME" ? "/srv/nines" : "/home/u").ShouldBe("/srv/nines/images");

    [Fact]
    public void DefaultCacheDirectory_NoNinesHome_UsesUserCache() =>
        GuestImageBuilder.DefaultCacheDirectory(name => name == "HOME" ? "/home/u" : null).ShouldBe("/home/u/.cache/nines/images");
}
