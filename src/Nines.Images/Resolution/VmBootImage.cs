namespace Nines.Images.Resolution;

/// <summary>What one VM boots from, after its VNUML paths were resolved.</summary>
/// <param name="KernelPath">The kernel to boot: the VM's own, or the built image's vmlinux.</param>
/// <param name="InitrdPath">The initrd, if any.</param>
/// <param name="FilesystemPath">The VM's root filesystem when it exists; null when the image's initramfs is the root.</param>
/// <param name="KernelCommandLine">The image's command line when the built kernel is used, else null (the VM's own).</param>
/// <param name="GuestImage">The built image when any part of it is used.</param>
public sealed record VmBootImage(
    string KernelPath,
    string? InitrdPath,
    string? FilesystemPath,
    string? KernelCommandLine,
    GuestImage? GuestImage);
