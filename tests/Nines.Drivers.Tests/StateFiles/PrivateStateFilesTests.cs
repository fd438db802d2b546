using System.Diagnostics;
using Nines.Drivers.StateFiles;

namespace Nines.Drivers.Tests.StateFiles;

/// <summary>State files on the real file system: what is created, and what is refused without being touched.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateStateFilesTests : IDisposable
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _root = Directory.CreateTempSubdirectory("nines-psf-").FullName;

    private string States => Path.Combine(_root, "state");

    [Fact]
    public void EnsureDirectory_Missing_CreatesItMode0700()
    {
        PrivateStateFiles.EnsureDirectory(States, "acme").ShouldBe(Path.Combine(States, "acme"));

        File.GetUnixFileMode(Path.Combine(States, "acme")).ShouldBe(OwnerOnlyDirectory);
        File.GetUnixFileMode(States).ShouldBe(OwnerOnlyDirectory);
        PrivateStateFiles.EnsureDirectory(States, "acme").ShouldBe(Path.Combine(States, "acme"));
        Should.Throw<DirectoryNotFoundException>(() => PrivateStateFiles.EnsureDirectory(Path.Combine(_root, "missing", "acme")));
        Should.Throw<ArgumentException>(() => PrivateStateFiles.EnsureDirectory(States, ".."));
    }

    [Fact]
    public void EnsureDirectory_ExistsWithMode0755_RefusedNamingPathAndModeAndLeftAsItWas()
    {
        var loose = OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(States, loose);

        var error = Should.Throw<UnsafeStateFileException>(() => PrivateStateFiles.EnsureDirectory(States));

        error.Path.ShouldBe(States);
        error.Message.ShouldBe($"state directory \"{States}\" is refused: its mode is 0755: group or others may enter (want 0700); remove it and let Nines create it, or make it a directory of uid {Uid()} with mode 0700");
        File.GetUnixFileMode(States).ShouldBe(loose);
    }

    [Fact]
    public void EnsureDirectory_SymbolicLinkToADirectory_RefusedAndTheTargetIsNotUsed()
    {
        var target = Directory.CreateDirectory(Path.Combine(_root, "target"), OwnerOnlyDirectory).FullName;
        Directory.CreateSymbolicLink(States, target);

        Should.Throw<UnsafeStateFileException>(() => PrivateStateFiles.EnsureDirectory(States, "acme"))
            .Message.ShouldContain($"\"{States}\" is refused: it is a symbolic link");
        Should.Throw<UnsafeStateFileException>(() => PrivateStateFiles.EnsureDirectory(States));
        Directory.EnumerateFileSystemEntries(target).ShouldBeEmpty();
    }

    [Fact]
    public void EnsureDirectory_OwnedBySomeoneElse_Refused()
    {
        if (Uid() != "0")
        {
            return; // Only root can give a directory away; as anyone else the owner check is the mode check's twin.
        }

        Directory.CreateDirectory(States, OwnerOnlyDirectory);
        Run("chown", "4242:4242", States);

        Should.Throw<UnsafeStateFileException>(() => PrivateStateFiles.EnsureDirectory(States))
            .Message.ShouldContain("it belongs to uid 4242, not to uid 0 that runs Nines");
    }

    [Fact]
    public void CreateNew_InCheckedDirectory_ExclusiveFileMode0600()
    {
        var directory = PrivateStateFiles.EnsureDirectory(States);
        var path = Path.Combine(directory, "vm1.state");

        using (var file = PrivateStateFiles.CreateNew(path))
        using (var stream = new FileStream(file, FileAccess.Write))
        {
            stream.Write("memory"u8);
        }

        File.GetUnixFileMode(path).ShouldBe(OwnerOnlyFile);
        File.ReadAllText(path).ShouldBe("memory");
        using (var again = PrivateStateFiles.CreateNew(path))
        {
            // A previous state file of ours is replaced by a new, empty one.
        }

        new FileInfo(path).Length.ShouldBe(0);
        using var read = PrivateStateFiles.OpenRead(path);
        read.IsInvalid.ShouldBeFalse();
    }

    [Fact]
    public void CreateNew_SymlinkPlantedWhereTheFileGoes_RefusedAndTheTargetStaysUntouched()
    {
        var directory = PrivateStateFiles.EnsureDirectory(States);
        var target = Path.Combine(_root, "shadow");
        File.WriteAllText(target, "root:secret\n");
        var mode = File.GetUnixFileMode(target);
        var path = Path.Combine(directory, "vm1.state");
        File.CreateSymbolicLink(path, target);

        var error = Should.Throw<UnsafeStateFileException>(() => PrivateStateFiles.CreateNew(path));
        Should.Throw<UnsafeStateFileException>(() => PrivateStateFiles.OpenRead(path)).Message.ShouldContain("symbolic link");

        error.Message.ShouldBe($"state file \"{path}\" is refused: a symbolic link is in its place (it is neither followed nor replaced)");
        File.ReadAllText(target).ShouldBe("root:secret\n");
        File.GetUnixFileMode(target).ShouldBe(mode);
        new FileInfo(path).LinkTarget.ShouldBe(target);
    }

    [Fact]
    public void CreateNew_DirectoryOpenToOthers_Refused()
    {
        Directory.CreateDirectory(States, OwnerOnlyDirectory | UnixFileMode.OtherExecute | UnixFileMode.OtherWrite);

        Should.Throw<UnsafeStateFileException>(() => PrivateStateFiles.CreateNew(Path.Combine(States, "vm1.state")));
        File.Exists(Path.Combine(States, "vm1.state")).ShouldBeFalse();
    }

    [Fact]
    public void OpenRead_FileReadableByOthers_RefusedAsNotWrittenByNines()
    {
        var directory = PrivateStateFiles.EnsureDirectory(States);
        var path = Path.Combine(directory, "vm1.state");
        File.WriteAllText(path, "planted");
        File.SetUnixFileMode(path, OwnerOnlyFile | UnixFileMode.OtherRead);

        Should.Throw<UnsafeStateFileException>(() => PrivateStateFiles.OpenRead(path)).Message.ShouldContain("not a file Nines wrote");
        Should.Throw<FileNotFoundException>(() => PrivateStateFiles.OpenRead(Path.Combine(directory, "none.state")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Uid() => Run("id", "-u").Trim();

    private static string Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)}");
        return output;
    }
}
