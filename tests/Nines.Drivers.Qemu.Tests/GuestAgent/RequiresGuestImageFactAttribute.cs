using Nines.Drivers.Qemu.Tests.Fakes;

namespace Nines.Drivers.Qemu.Tests.GuestAgent;

/// <summary>
/// A fact that needs a bootable guest: QEMU, and NINES_TEST_IMAGE_DIR naming a directory with vmlinux and
/// initramfs.cpio.gz (the image <c>nines image build</c> produces). Skipped with the missing piece named otherwise.
/// </summary>
public sealed class RequiresGuestImageFactAttribute : FactAttribute
{
    public const string Variable = "NINES_TEST_IMAGE_DIR";

    public RequiresGuestImageFactAttribute()
    {
        if (QemuBinary.Location is null)
        {
            Skip = "qemu-system-x86_64 is not on PATH (eng/require.sh installs qemu-system-x86)";
        }
        else if (ImageDirectory is null)
        {
            Skip = $"{Variable} does not name a directory with vmlinux and initramfs.cpio.gz (build one with `nines image build`)";
        }
    }

    /// <summary>The image directory, or null when the variable is unset or the files are missing.</summary>
    public static string? ImageDirectory =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } directory
        && File.Exists(Path.Combine(directory, "vmlinux"))
        && File.Exists(Path.Combine(directory, "initramfs.cpio.gz"))
            ? directory
            : null;
}
