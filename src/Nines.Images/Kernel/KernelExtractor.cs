using Nines.Images.Elf;
using Nines.Images.Processes;
using Nines.Processes;

namespace Nines.Images.Kernel;

/// <summary>
/// Turns a bzImage into the uncompressed ELF <c>vmlinux</c> QEMU boots directly through the PVH entry
/// point: the payload is decompressed by <c>xz</c>, which reports "trailing garbage" after the stream
/// (the bzImage continues past it) — so success is judged by the output, not the exit code.
/// </summary>
internal static class KernelExtractor
{
    /// <summary>Smaller outputs are fragments of something else that happened to contain the magic.</summary>
    private const int MinimumKernelBytes = 1024 * 1024;

    /// <summary>Returns the vmlinux bytes, or throws <see cref="GuestImageException"/> saying what was tried.</summary>
    public static async Task<byte[]> ExtractVmlinuxAsync(IProcessRunner processes, byte[] bzImage, string name, CancellationToken cancellationToken)
    {
        var offsets = XzPayloadLocator.FindAll(bzImage);
        if (offsets.Count == 0)
        {
            throw new GuestImageException($"{name}: no xz stream found (expected a bzImage with an xz-compressed payload)");
        }

        var errors = new List<string>();
        foreach (var offset in offsets)
        {
            using var output = new MemoryStream();
            var request = ProcessRequest.Of("xz", "-dc") with { Input = bzImage.AsMemory(offset), StandardOutputTo = output };
            var result = await ImageTools.RunAsync(processes, request, cancellationToken).ConfigureAwait(false);
            var bytes = output.ToArray();
            if (bytes.Length >= MinimumKernelBytes && ElfFile.HasElfMagic(bytes))
            {
                RequirePvhEntry(bytes, name);
                return bytes;
            }

            errors.Add($"offset {offset}: {bytes.Length} bytes, xz exit {result.ExitCode} {result.StandardError.Trim()}");
        }

        throw new GuestImageException($"{name}: no xz stream decompressed to an ELF kernel ({string.Join("; ", errors)})");
    }

    /// <summary>QEMU boots an ELF kernel only through the Xen PVH note; without it the guest never starts.</summary>
    private static void RequirePvhEntry(byte[] vmlinux, string name)
    {
        var elf = ElfFile.Parse(vmlinux, name);
        if (!elf.Notes.Any(n => n.Owner == "Xen" && n.Type == ElfNote.XenPhysical32Entry))
        {
            throw new GuestImageException($"{name}: the kernel has no PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY), so QEMU cannot boot it as vmlinux");
        }
    }
}
