using System.Text;
using Nines.Images.Elf;
using Nines.Images.Tests.Support;

namespace Nines.Images.Tests;

public sealed class ElfFileTests
{
    [Fact]
    public void Parse_DynamicBinary_ReadsInterpreterAndNeededInOrder()
    {
        var elf = ElfFile.Parse(TestElf.Create(needed: ["libglib-2.0.so.0", "libc.so.6"], interpreter: "/lib64/ld-linux-x86-64.so.2"), "qemu-ga");

        elf.Interpreter.ShouldBe("/lib64/ld-linux-x86-64.so.2");
        elf.NeededLibraries.ShouldBe(["libglib-2.0.so.0", "libc.so.6"]);
    }

    [Fact]
    public void Parse_StaticBinary_HasNoInterpreterOrNeeded()
    {
        var elf = ElfFile.Parse(TestElf.Create(), "busybox");

        elf.Interpreter.ShouldBeNull();
        elf.NeededLibraries.ShouldBeEmpty();
    }

    [Fact]
    public void Notes_KernelWithPvhNote_ReturnsXenNote()
    {
        var elf = ElfFile.Parse(TestElf.Kernel(), "vmlinux");

        elf.Notes.ShouldContain(n => n.Owner == "Xen" && n.Type == ElfNote.XenPhysical32Entry && n.Descriptor.Length == 4);
    }

    [Fact]
    public void SectionBytes_Modinfo_ReturnsContents()
    {
        var elf = ElfFile.Parse(TestElf.Create(modinfo: "license=GPL\0depends=virtio,virtio_ring\0"), "virtio_pci.ko");

        Encoding.ASCII.GetString(elf.SectionBytes(".modinfo")!).ShouldContain("depends=virtio,virtio_ring");
        elf.SectionBytes(".nothing").ShouldBeNull();
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 })]
    [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 1, 1 })]
    public void Parse_NotElf64_ThrowsInvalidData(byte[] bytes) =>
        Should.Throw<InvalidDataException>(() => ElfFile.Parse(bytes, "x"));

    [Fact]
    public void Parse_TruncatedSectionTable_ThrowsInvalidData()
    {
        var bytes = TestElf.Create(needed: ["libc.so.6"]);

        Should.Throw<InvalidDataException>(() => ElfFile.Parse(bytes[..(bytes.Length - 40)], "cut").NeededLibraries);
    }
}
