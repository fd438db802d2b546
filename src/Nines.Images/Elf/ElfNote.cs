namespace Nines.Images.Elf;

/// <summary>One ELF note: its owner (e.g. <c>Xen</c>), type, and descriptor.</summary>
internal sealed record ElfNote(string Owner, uint Type, byte[] Descriptor)
{
    /// <summary>XEN_ELFNOTE_PHYS32_ENTRY: the 32-bit PVH entry point QEMU uses to boot an uncompressed vmlinux.</summary>
    public const uint XenPhysical32Entry = 18;
}
