using Nines.Testing;

namespace Nines.Drivers.Qemu.Tests.Fakes;

/// <summary>Finds qemu-system-x86_64 on PATH, for tests that run the real thing.</summary>
public static class QemuBinary
{
    private static readonly Lazy<string?> _path = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "qemu-system-x86_64"))
            .FirstOrDefault(File.Exists));

    /// <summary>The full path, or null when QEMU is not installed.</summary>
    public static string? Location => _path.Value;
}

/// <summary>A fact that runs only where qemu-system-x86_64 is installed (eng/require.sh installs it), skipped with that reason elsewhere.</summary>
public sealed class RequiresQemuFactAttribute : FactAttribute
{
    public RequiresQemuFactAttribute()
    {
        if (QemuBinary.Location is null)
        {
            Skip = TestRequirements.SkipReason("qemu-system-x86_64 is not on PATH (eng/require.sh installs qemu-system-x86)");
        }
    }
}
