namespace Nines.Drivers;

/// <summary>
/// What the VM boots. Direct kernel boot sets <paramref name="KernelPath"/> (and usually an initrd);
/// a disk boot sets only <paramref name="DiskImagePath"/>; both together boot the kernel with the disk as root.
/// </summary>
/// <param name="DiskImageDigest">
/// The scenario's pin of the disk image (<c>sha256:…</c>, <c>image: name@sha256:…</c>): the host checks the file's content
/// against it before the VM is defined, and refuses the VM when it differs. Null: not pinned.
/// </param>
public sealed record BootSource(
    string? KernelPath = null,
    string? InitrdPath = null,
    string? CommandLine = null,
    string? DiskImagePath = null,
    string? DiskImageDigest = null)
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
