using Nines.Cli.Hosting;

namespace Nines.Cli.Tests.Hosting;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFileTests
{
    [Fact]
    public void Write_OverExistingWorldReadableFile_LeavesAnOwnerOnlyFileWithTheNewContent()
    {
        var path = CliRunner.TempFile("secret", "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        PrivateFile.Write(path, "new");

        File.ReadAllText(path).ShouldBe("new");
        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.GetFiles(Path.GetDirectoryName(path)!).ShouldBe([path]);
    }
}
