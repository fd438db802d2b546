namespace Nines.Images;

/// <summary>
/// A built guest image in the cache: an uncompressed kernel QEMU boots directly (<c>-kernel</c>, PVH entry)
/// and an initramfs holding busybox, the kernel modules and the QEMU guest agent.
/// </summary>
/// <param name="Directory">The image directory, named after the content hash.</param>
/// <param name="KernelPath">The ELF <c>vmlinux</c>.</param>
/// <param name="InitrdPath">The gzip'd cpio initramfs.</param>
/// <param name="KernelCommandLine">The command line the image is meant to boot with.</param>
/// <param name="ContentHash">SHA-256 (hex) over the produced files and the command line: equal hashes, identical guests.</param>
/// <param name="KernelVersion">The kernel release, e.g. <c>6.1.0-56-amd64</c>.</param>
/// <param name="MinimumMemoryMiB">Below this the kernel cannot unpack the initramfs and boot.</param>
public sealed record GuestImage(
    string Directory,
    string KernelPath,
    string InitrdPath,
    string KernelCommandLine,
    string ContentHash,
    string KernelVersion,
    int MinimumMemoryMiB = GuestImage.DefaultMinimumMemoryMiB)
{
    /// <summary>The smallest guest memory that boots this image reliably.</summary>
    public const int DefaultMinimumMemoryMiB = 96;

    /// <summary>
    /// The default kernel command line: serial console, no TSC check (it fails under TCG), reboot at once on
    /// a panic (<c>panic=-1</c>) so the crash is seen by the manager instead of a hung guest.
    /// </summary>
    public const string DefaultKernelCommandLine = "console=ttyS0 no_timer_check panic=-1 quiet";

    /// <summary>The line the guest prints on its console when the agent is up.</summary>
    public const string ReadyMarker = Initramfs.GuestScripts.ReadyMarker;

    /// <summary>The virtio-serial port name the guest's agent listens on.</summary>
    public const string AgentPortName = Initramfs.GuestScripts.AgentPortName;
}
