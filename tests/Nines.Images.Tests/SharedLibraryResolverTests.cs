using Nines.Images.Elf;
using Nines.Images.Packages;
using Nines.Images.Tests.Support;

namespace Nines.Images.Tests;

public sealed class SharedLibraryResolverTests
{
    [Fact]
    public void Resolve_TransitiveLibrariesAndLinkedLoader_FoundInsidePackagesOnly()
    {
        using var temp = new TempDirectory();
        var libc = Package(temp, "libc6");
        temp.Write("libc6/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", TestElf.Create());
        temp.Write("libc6/lib/x86_64-linux-gnu/libc.so.6", TestElf.Create(needed: ["ld-linux-x86-64.so.2"]));
        Directory.CreateDirectory(temp.Combine("libc6/lib64"));
        File.CreateSymbolicLink(temp.Combine("libc6/lib64/ld-linux-x86-64.so.2"), "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
        var glib = Package(temp, "libglib2.0-0");
        temp.Write("libglib2.0-0/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0.7400.6", TestElf.Create(needed: ["libpcre2-8.so.0", "libc.so.6"]));
        File.CreateSymbolicLink(temp.Combine("libglib2.0-0/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0"), "libglib-2.0.so.0.7400.6");
        var binary = ElfFile.Parse(TestElf.Create(needed: ["libglib-2.0.so.0", "libc.so.6"], interpreter: "/lib64/ld-linux-x86-64.so.2"), "qemu-ga");

        var resolution = SharedLibraryResolver.Resolve(binary, [glib, libc]);

        resolution.Unresolved.ShouldBe(["libpcre2-8.so.0"]);
        resolution.Files.Select(f => f.GuestPath).ShouldBe(
            ["lib64/ld-linux-x86-64.so.2", "usr/lib/x86_64-linux-gnu/libglib-2.0.so.0", "lib/x86_64-linux-gnu/libc.so.6", "lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"]);
        resolution.Files[0].SourcePath.ShouldBe(temp.Combine("libc6/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        resolution.Files[1].SourcePath.ShouldEndWith("libglib-2.0.so.0.7400.6");
        resolution.Files[1].Package.ShouldBe(glib);
    }

    [Fact]
    public void ResolveInside_LinkClimbingAboveRoot_ReturnsNull()
    {
        using var temp = new TempDirectory();
        temp.Write("outside", [1]);
        Directory.CreateDirectory(temp.Combine("pkg/lib"));
        File.CreateSymbolicLink(temp.Combine("pkg/lib/libx.so.1"), "../../outside");

        SharedLibraryResolver.ResolveInside(temp.Combine("pkg"), "lib/libx.so.1").ShouldBeNull();
    }

    private static DebianPackage Package(TempDirectory temp, string name) =>
        new(name, "1.0", new string('0', 64), Directory.CreateDirectory(temp.Combine(name)).FullName);
}
