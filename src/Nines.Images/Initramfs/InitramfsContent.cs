using System.IO.Compression;
using System.Text;
using Nines.Images.Cpio;
using Nines.Images.Elf;

namespace Nines.Images.Initramfs;

/// <summary>The files that go into the guest's initramfs, each read from a downloaded package.</summary>
/// <param name="Busybox">The static busybox binary.</param>
/// <param name="Agent">The qemu-ga binary.</param>
/// <param name="Libraries">qemu-ga's shared libraries and the dynamic loader, at their guest paths.</param>
/// <param name="Modules">Kernel modules as (guest path, source file), dependencies first.</param>
internal sealed record InitramfsContent(
    string Busybox,
    string Agent,
    IReadOnlyList<ResolvedFile> Libraries,
    IReadOnlyList<(string GuestPath, string SourcePath)> Modules)
{
    private const int Executable = 0x1ED; // 0755
    private const int Readable = 0x1A4; // 0644

    /// <summary>Writes the gzip'd newc archive. The same content always yields the same bytes.</summary>
    public void WriteTo(Stream output)
    {
        using var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        var cpio = new CpioNewcWriter(gzip);
        foreach (var directory in new[] { "bin", "sbin", "usr/bin", "usr/sbin", "etc/init.d", "proc", "sys", "dev", "run", "root", "var", "lib64" })
        {
            cpio.AddDirectory(directory);
        }

        cpio.AddDirectory("tmp", 0x3FF /* 1777 */);
        cpio.AddCharacterDevice("dev/console", 5, 1, 0x180 /* 0600 */);
        cpio.AddCharacterDevice("dev/null", 1, 3, 0x1B6 /* 0666 */);
        AddText(cpio, "init", GuestScripts.Init, Executable);
        AddText(cpio, "etc/inittab", GuestScripts.Inittab, Readable);
        AddText(cpio, "etc/init.d/rcS", GuestScripts.Rcs(Modules.Select(m => "/" + m.GuestPath)), Executable);
        AddText(cpio, "etc/init.d/rcK", GuestScripts.Rck, Executable);
        AddText(cpio, "etc/acpi/PWRF/00000080", GuestScripts.PowerButton, Executable);
        AddText(cpio, "etc/passwd", GuestScripts.Passwd, Readable);
        AddText(cpio, "etc/group", GuestScripts.Group, Readable);
        AddText(cpio, "sbin/shutdown", GuestScripts.Shutdown, Executable);
        cpio.AddFile("bin/busybox", File.ReadAllBytes(Busybox), Executable);
        cpio.AddFile("usr/sbin/qemu-ga", File.ReadAllBytes(Agent), Executable);
        // The loader is reached both as the interpreter (/lib64/…) and as libc's dependency: store it once.
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var library in Libraries.OrderBy(l => l.GuestPath, StringComparer.Ordinal))
        {
            if (stored.TryGetValue(library.SourcePath, out var first))
            {
                cpio.AddSymlink(library.GuestPath, "/" + first);
                continue;
            }

            cpio.AddFile(library.GuestPath, File.ReadAllBytes(library.SourcePath), Executable);
            stored[library.SourcePath] = library.GuestPath;
        }

        foreach (var (guestPath, sourcePath) in Modules)
        {
            cpio.AddFile(guestPath, File.ReadAllBytes(sourcePath), Readable);
        }

        cpio.Finish();
    }

    private static void AddText(CpioNewcWriter cpio, string path, string text, int permissions) =>
        cpio.AddFile(path, Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n")), permissions);
}
