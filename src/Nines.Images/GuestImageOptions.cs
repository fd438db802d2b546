namespace Nines.Images;

/// <summary>How to build (or find) the guest image.</summary>
public sealed record GuestImageOptions
{
    /// <summary>The kernel modules the guest loads; their dependencies are added and ordered automatically.</summary>
    public static readonly IReadOnlyList<string> DefaultKernelModules =
        ["virtio_pci", "virtio_console", "virtio_net", "virtio_balloon", "i6300esb", "button", "evdev"];

    /// <summary>The cache directory; null means <see cref="GuestImageBuilder.DefaultCacheDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Rebuild even when a complete image is already cached.</summary>
    public bool Force { get; init; }

    /// <summary>The Debian meta-package whose dependency names the kernel package to use.</summary>
    public string KernelMetaPackage { get; init; } = "linux-image-amd64";

    /// <summary>The kernel modules to load at boot (see <see cref="DefaultKernelModules"/>).</summary>
    public IReadOnlyList<string> KernelModules { get; init; } = DefaultKernelModules;

    /// <summary>The kernel command line recorded in the image.</summary>
    public string KernelCommandLine { get; init; } = GuestImage.DefaultKernelCommandLine;
}
