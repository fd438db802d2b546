using System.Security.Cryptography;
using Nines.Drivers.Container.Sandbox;
using Nines.Drivers.Container.Tests.Support;

namespace Nines.Drivers.Container.Tests.Sandbox;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MountDirectoryTests : IDisposable
{
    private readonly string _root = $"/run/nines/tests/mounts-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
    private readonly List<string> _made = [];

    [RequiresRootFact]
    public void Prepare_MissingChain_Made0711AndTheInstanceDirectory0700OfItsRootId()
    {
        var directory = MountDirectory.Of(_root, "/data/instances/a");

        MountDirectory.Prepare(directory, 1_000_065_536);

        File.GetUnixFileMode(_root).ShouldBe((UnixFileMode)0x1C9 /* 0711 */);
        File.GetUnixFileMode(directory).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Owner(directory).ShouldBe("1000065536:1000065536");
        Owner(Path.Combine(directory, "rootfs")).ShouldBe("0:0");
        Path.GetFileName(directory).Length.ShouldBe(16);
        MountDirectory.Of(_root, "/data/instances/b").ShouldNotBe(directory, "run directories get their own mount directories");
    }

    [RequiresRootFact]
    public void Prepare_AnAncestorOthersMayWrite_RefusedAndLeftAsItWas()
    {
        var open = Path.Combine(Path.GetTempPath(), "nines-mount-open-" + RandomNumberGenerator.GetHexString(6, lowercase: true));
        Directory.CreateDirectory(open);
        _made.Add(open);
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF /* 0777 */);

        var error = Should.Throw<IOException>(() => MountDirectory.Prepare(MountDirectory.Of(Path.Combine(open, "mounts"), "/x"), 1_000_000_000));

        error.Message.ShouldContain("writable by group or others");
        File.GetUnixFileMode(open).ShouldBe((UnixFileMode)0x1FF, "a directory Nines did not make is never changed");
        Directory.Exists(Path.Combine(open, "mounts")).ShouldBeFalse();
    }

    [RequiresRootFact]
    public void Prepare_AnAncestorClosedToOthers_RefusedNamingIt()
    {
        var closed = Directory.CreateTempSubdirectory("nines-mount-closed-").FullName;
        _made.Add(closed);

        var error = Should.Throw<IOException>(() => MountDirectory.Prepare(MountDirectory.Of(Path.Combine(closed, "mounts"), "/x"), 1_000_000_000));

        error.Message.ShouldContain($"\"{closed}\" is closed to others");
        File.GetUnixFileMode(closed).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [RequiresRootFact]
    public void Remove_PreparedDirectory_GoneWithItsMountPoint()
    {
        var directory = MountDirectory.Of(_root, "/data/instances/a");
        MountDirectory.Prepare(directory, 1_000_065_536);

        MountDirectory.Remove(directory);

        Directory.Exists(directory).ShouldBeFalse();
    }

    public void Dispose()
    {
        foreach (var path in _made.Append(_root).Where(Directory.Exists))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static string Owner(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var owner = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return owner;
    }
}
