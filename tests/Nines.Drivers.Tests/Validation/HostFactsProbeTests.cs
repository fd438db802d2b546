using Nines.Drivers.Validation;

namespace Nines.Drivers.Tests.Validation;

public sealed class HostFactsProbeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nines-realpath-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void RealPath_SymlinkThenDotDot_ResolvesLinkFirst()
    {
        // images/link -> ../outside/deep ; images/link/.. is outside/, not images/ (a lexical resolution would say images/).
        Directory.CreateDirectory(Path.Join(_root, "images"));
        Directory.CreateDirectory(Path.Join(_root, "outside", "deep"));
        File.WriteAllText(Path.Join(_root, "outside", "secret"), "x");
        File.CreateSymbolicLink(Path.Join(_root, "images", "link"), "../outside/deep");

        var resolved = HostFactsProbe.RealPath(Path.Join(_root, "images", "link", "..", "secret"));

        resolved.ShouldBe(Path.Join(_root, "outside", "secret"));
    }

    [Fact]
    public void RealPath_AbsoluteSymlinkToFile_ResolvesTarget()
    {
        var target = Path.Join(_root, "vmlinux");
        File.WriteAllText(target, "kernel");
        File.CreateSymbolicLink(Path.Join(_root, "kernel"), target);

        HostFactsProbe.RealPath(Path.Join(_root, "kernel")).ShouldBe(target);
        HostFactsProbe.IsReadableFile(target).ShouldBeTrue();
    }

    [Fact]
    public void RealPath_MissingOrLooping_Null()
    {
        File.CreateSymbolicLink(Path.Join(_root, "a"), Path.Join(_root, "b"));
        File.CreateSymbolicLink(Path.Join(_root, "b"), Path.Join(_root, "a"));

        HostFactsProbe.RealPath(Path.Join(_root, "missing")).ShouldBeNull();
        HostFactsProbe.RealPath(Path.Join(_root, "a")).ShouldBeNull();
        HostFactsProbe.RealPath("relative/path").ShouldBeNull();
    }

    [Fact]
    public void IsReadableFile_Directory_False()
    {
        HostFactsProbe.IsReadableFile(_root).ShouldBeFalse();
    }

    [Fact]
    public void ParseAvailableMiB_MeminfoText_ReadsMemAvailable()
    {
        const string meminfo = "MemTotal:        4028440 kB\nMemFree:          211268 kB\nMemAvailable:    2097152 kB\n";

        HostFactsProbe.ParseAvailableMiB(meminfo).ShouldBe(2048);
        HostFactsProbe.ParseAvailableMiB("MemTotal: 1 kB\n").ShouldBeNull();
    }
}
