using System.Diagnostics;
using System.Text;
using Nines.Images.Cpio;
using Nines.Images.Tests.Support;

namespace Nines.Images.Tests;

public sealed class CpioNewcWriterTests
{
    private static byte[] Sample(long mtime = 0)
    {
        using var stream = new MemoryStream();
        var writer = new CpioNewcWriter(stream, mtime);
        writer.AddDirectory("etc");
        writer.AddFile("/etc/hostname", "guest\n"u8, 0x1A4);
        writer.AddFile("bin/busybox", Enumerable.Range(0, 1001).Select(i => (byte)i).ToArray(), 0x1ED);
        writer.AddSymlink("bin/sh", "busybox");
        writer.AddCharacterDevice("dev/console", 5, 1, 0x180);
        writer.AddFile("empty", [], 0x1A4);
        writer.Finish();
        return stream.ToArray();
    }

    [Fact]
    public void Finish_MixedEntries_ParsesBackWithTypesDataAndAlignment()
    {
        var entries = CpioReader.Read(Sample());

        entries.Select(e => e.Name).ShouldBe(["etc", "etc/hostname", "bin", "bin/busybox", "bin/sh", "dev", "dev/console", "empty"]);
        entries.ShouldAllBe(e => e.HeaderOffset % 4 == 0);
        var byName = entries.ToDictionary(e => e.Name);
        byName["etc"].Mode.ShouldBe(CpioNewcWriter.TypeDirectory | 0x1ED);
        byName["etc"].Nlink.ShouldBe(2);
        Encoding.ASCII.GetString(byName["etc/hostname"].Data).ShouldBe("guest\n");
        byName["bin/busybox"].Data.Length.ShouldBe(1001);
        byName["bin/busybox"].Data[1000].ShouldBe((byte)(1000 % 256));
        byName["bin/sh"].Mode.ShouldBe(CpioNewcWriter.TypeSymlink | 0x1FF);
        Encoding.ASCII.GetString(byName["bin/sh"].Data).ShouldBe("busybox");
        byName["dev/console"].Mode.ShouldBe(CpioNewcWriter.TypeCharacterDevice | 0x180);
        (byName["dev/console"].RdevMajor, byName["dev/console"].RdevMinor).ShouldBe((5, 1));
        byName["empty"].Data.ShouldBeEmpty();
    }

    [Fact]
    public void Finish_SameEntriesTwice_SameBytes() => Sample().ShouldBe(Sample());

    [Fact]
    public void Constructor_ModificationTime_StampedOnEveryEntry() =>
        CpioReader.Read(Sample(mtime: 1_700_000_000)).ShouldAllBe(e => e.Mtime == 1_700_000_000);

    [Fact]
    public void Finish_ListedByCpioTool_NamesAndTypesMatch()
    {
        if (!File.Exists("/usr/bin/cpio") && !File.Exists("/bin/cpio"))
        {
            // Without the tool, the independent parser above is the check.
            CpioReader.Read(Sample()).Count.ShouldBe(8);
            return;
        }

        using var temp = new TempDirectory();
        var archive = temp.Write("a.cpio", Sample());
        var listing = Run("cpio", ["-tv", "-F", archive], temp.Path);
        var lines = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Length.ShouldBe(8);
        lines.ShouldContain(l => l.StartsWith("lrwxrwxrwx", StringComparison.Ordinal) && l.EndsWith("bin/sh -> busybox", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("crw-------", StringComparison.Ordinal) && l.Contains("5,", StringComparison.Ordinal) && l.EndsWith("dev/console", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("-rwxr-xr-x", StringComparison.Ordinal) && l.Contains(" 1001 ", StringComparison.Ordinal) && l.EndsWith("bin/busybox", StringComparison.Ordinal));

        // Extract the regular files (device nodes need privileges, so they are left out) and compare contents.
        var extract = Directory.CreateDirectory(temp.Combine("out")).FullName;
        Run("cpio", ["-id", "--no-absolute-filenames", "-F", archive, "etc/hostname", "bin/busybox", "bin/sh"], extract);
        File.ReadAllText(Path.Combine(extract, "etc/hostname")).ShouldBe("guest\n");
        File.ReadAllBytes(Path.Combine(extract, "bin/busybox")).Length.ShouldBe(1001);
        new FileInfo(Path.Combine(extract, "bin/sh")).LinkTarget.ShouldBe("busybox");
    }

    [Fact]
    public void AddFile_ParentMissing_AddsParentDirectoriesFirst()
    {
        using var stream = new MemoryStream();
        var writer = new CpioNewcWriter(stream);
        writer.AddFile("lib/modules/6.1/kernel/a.ko", [1], 0x1A4);
        writer.Finish();

        CpioReader.Read(stream.ToArray()).Select(e => e.Name)
            .ShouldBe(["lib", "lib/modules", "lib/modules/6.1", "lib/modules/6.1/kernel", "lib/modules/6.1/kernel/a.ko"]);
    }

    [Fact]
    public void AddFile_SameNameTwice_Throws()
    {
        var writer = new CpioNewcWriter(new MemoryStream());
        writer.AddFile("init", [1], 0x1ED);

        Should.Throw<InvalidOperationException>(() => writer.AddFile("/init", [2], 0x1ED)).Message.ShouldContain("duplicate");
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("bin/../../x")]
    [InlineData("/")]
    public void AddFile_PathClimbingOrEmpty_Throws(string path) =>
        Should.Throw<ArgumentException>(() => new CpioNewcWriter(new MemoryStream()).AddFile(path, [1], 0x1A4));

    private static string Run(string file, string[] arguments, string directory)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, error);
        return output;
    }
}
