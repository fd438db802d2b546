using System.Diagnostics;
using Nines.Testing;

namespace Nines.Api.Tests.Images;

/// <summary>Makes test images with the real <c>qemu-img</c> (Debian qemu-utils, which eng/require.sh installs).</summary>
internal static class QemuImg
{
    public static bool Installed => File.Exists("/usr/bin/qemu-img");

    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/qemu-img") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"qemu-img {string.Join(' ', arguments)}: {error}");
    }
}

/// <summary>A test that needs qemu-img: skipped with the reason where it is missing, failing where skipping is forbidden.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresQemuImgFactAttribute : FactAttribute
{
    public RequiresQemuImgFactAttribute()
    {
        if (!QemuImg.Installed)
        {
            Skip = TestRequirements.SkipReason("qemu-img not installed (eng/require.sh installs Debian's qemu-utils)");
        }
    }
}
