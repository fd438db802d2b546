namespace Nines.Drivers;

/// <summary>
/// What the VM boots. Direct kernel boot sets <paramref name="KernelPath"/> (and usually an initrd);
/// a disk boot sets only <paramref name="DiskImagePath"/>; both together boot the kernel with the disk as root.
/// </summary>
public sealed record BootSource(
    string? KernelPath = null,
    string? InitrdPath = null,
    string? CommandLine = null,
    string? DiskImagePath = null)
{
    /// <summary>True when a kernel is booted directly (the Linux guest image), which sets the guest's memory floor.</summary>
    public bool IsDirectKernel => KernelPath is not null;

    /// <summary>The file paths this boot reads, with the field name each comes from.</summary>
    public IEnumerable<(string Field, string Path)> Paths()
    {
        if (KernelPath is not null)
        {
            yield return ("boot.kernel", KernelPath);
        }

        if (InitrdPath is not null)
        {
            yield return ("boot.initrd", InitrdPath);
        }

        if (DiskImagePath is not null)
        {
            yield return ("boot.diskImage", DiskImagePath);
        }
    }
}
