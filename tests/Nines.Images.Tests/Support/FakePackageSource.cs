using System.Diagnostics;
using Nines.Images.Packages;

namespace Nines.Images.Tests.Support;

/// <summary>
/// Prepared package trees standing in for apt in unit tests of the assembly logic (the real apt path is
/// covered by the integration tests). Each package is a dependency list and a set of files.
/// </summary>
internal sealed class FakePackageSource : IPackageSource
{
    private readonly Dictionary<string, (string[] Depends, Dictionary<string, byte[]> Files, Dictionary<string, string> Links)> _packages = [];

    public List<string> Fetched { get; } = [];

    public FakePackageSource Add(string name, string[] depends, Dictionary<string, byte[]>? files = null, Dictionary<string, string>? links = null)
    {
        _packages[name] = (depends, files ?? [], links ?? []);
        return this;
    }

    public Task<IReadOnlyList<string>> GetDependenciesAsync(string package, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_packages.TryGetValue(package, out var p) ? p.Depends : throw new InvalidOperationException($"unknown {package}"));

    public Task<IReadOnlyList<DebianPackage>> FetchAsync(IReadOnlyList<string> packages, string workDirectory, CancellationToken cancellationToken)
    {
        var result = new List<DebianPackage>();
        foreach (var name in packages)
        {
            Fetched.Add(name);
            var root = Directory.CreateDirectory(Path.Combine(workDirectory, "pkg", name)).FullName;
            var (_, files, links) = _packages[name];
            foreach (var (path, bytes) in files)
            {
                var full = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllBytes(full, bytes);
            }

            foreach (var (path, target) in links)
            {
                var full = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.CreateSymbolicLink(full, target);
            }

            result.Add(new DebianPackage(name, "1.0-" + name.Length, new string('1', 64), root));
        }

        return Task.FromResult<IReadOnlyList<DebianPackage>>(result);
    }

    /// <summary>A fake Debian system: a kernel whose bzImage wraps an xz'd ELF, busybox, qemu-ga and its libraries.</summary>
    public static FakePackageSource Debian(bool withPcre = true)
    {
        const string version = "6.1.0-99-amd64";
        var source = new FakePackageSource()
            .Add("linux-image-amd64", ["linux-image-" + version])
            .Add("linux-image-" + version, [], new()
            {
                ["boot/vmlinuz-" + version] = BzImage(TestElf.Kernel()),
                [$"lib/modules/{version}/kernel/drivers/virtio/virtio.ko"] = TestElf.Create(modinfo: "depends=\0"),
                [$"lib/modules/{version}/kernel/drivers/virtio/virtio_pci.ko"] = TestElf.Create(modinfo: "depends=virtio\0"),
            })
            .Add("busybox-static", [], new() { ["bin/busybox"] = TestElf.Create(padding: 100) })
            .Add("qemu-guest-agent", ["libc6", "libglib2.0-0"], new()
            {
                ["usr/sbin/qemu-ga"] = TestElf.Create(needed: ["libglib-2.0.so.0", "libc.so.6"], interpreter: "/lib64/ld-linux-x86-64.so.2"),
            })
            .Add("libc6", [], new()
            {
                ["lib/x86_64-linux-gnu/libc.so.6"] = TestElf.Create(needed: ["ld-linux-x86-64.so.2"]),
                ["lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"] = TestElf.Create(),
            }, new() { ["lib64/ld-linux-x86-64.so.2"] = "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" })
            .Add("libglib2.0-0", ["libc6", "libpcre2-8-0", "libunused1"], new()
            {
                ["usr/lib/x86_64-linux-gnu/libglib-2.0.so.0.7400.6"] = TestElf.Create(needed: ["libpcre2-8.so.0", "libc.so.6"]),
            }, new() { ["usr/lib/x86_64-linux-gnu/libglib-2.0.so.0"] = "libglib-2.0.so.0.7400.6" })
            .Add("libunused1", [], new() { ["usr/lib/x86_64-linux-gnu/libunused.so.1"] = TestElf.Create() });
        return withPcre
            ? source.Add("libpcre2-8-0", ["libc6"], new() { ["usr/lib/x86_64-linux-gnu/libpcre2-8.so.0"] = TestElf.Create(needed: ["libc.so.6"]) })
            : source.Add("libpcre2-8-0", ["libc6"]);
    }

    /// <summary>Setup-code-like bytes, the xz'd kernel, then trailing bytes, as in a real bzImage.</summary>
    public static byte[] BzImage(byte[] vmlinux)
    {
        var info = new ProcessStartInfo("xz", "-c -1") { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var xz = Process.Start(info)!;
        var compressed = new MemoryStream();
        var copy = xz.StandardOutput.BaseStream.CopyToAsync(compressed);
        xz.StandardInput.BaseStream.Write(vmlinux);
        xz.StandardInput.Close();
        copy.Wait();
        xz.WaitForExit();
        return [.. Enumerable.Repeat((byte)0x90, 5000), .. compressed.ToArray(), .. Enumerable.Repeat((byte)0xAB, 300)];
    }
}
