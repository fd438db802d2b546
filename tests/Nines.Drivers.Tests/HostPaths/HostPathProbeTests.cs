using System.Diagnostics;
using Nines.Drivers.HostPaths;

namespace Nines.Drivers.Tests.HostPaths;

/// <summary>The probe on real files in a temp directory: real paths as the kernel resolves them, and real file types.</summary>
public sealed class HostPathProbeTests : IDisposable
{
    private readonly string _root = HostPathProbe.Resolve(Directory.CreateTempSubdirectory("nines-hostpaths-").FullName);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Probe_RegularFileAndDirectory_TheirTypes()
    {
        var file = Path.Combine(_root, "disk.img");
        File.WriteAllText(file, "x");

        HostPathProbe.Probe(file).ShouldBe(new HostPathFacts(file, HostFileType.RegularFile, false));
        HostPathProbe.Probe(_root + "/").ShouldBe(new HostPathFacts(_root, HostFileType.Directory, false));
    }

    [Fact]
    public void Probe_SymlinkThenDotDot_ResolvesTheLinkFirst()
    {
        // Lexically "lib/link/../x" is "lib/x"; the kernel goes to the link's target first, then up from there.
        Directory.CreateDirectory(Path.Combine(_root, "lib"));
        Directory.CreateDirectory(Path.Combine(_root, "elsewhere", "deep"));
        File.WriteAllText(Path.Combine(_root, "elsewhere", "x"), "x");
        File.CreateSymbolicLink(Path.Combine(_root, "lib", "link"), Path.Combine(_root, "elsewhere", "deep"));

        var facts = HostPathProbe.Probe(Path.Combine(_root, "lib", "link") + "/../x");

        facts.ShouldBe(new HostPathFacts(Path.Combine(_root, "elsewhere", "x"), HostFileType.RegularFile, true));
    }

    [Fact]
    public void Probe_RelativeSymlinkToEtc_ResolvesOutside()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "etc"), "../../../../../../../../etc");

        HostPathProbe.Probe(Path.Combine(_root, "etc", "passwd")).ShouldBe(new HostPathFacts("/etc/passwd", HostFileType.RegularFile, true));
    }

    [Fact]
    public void Probe_MissingComponent_RestIsLexicalAndTypeMissing()
    {
        var facts = HostPathProbe.Probe(Path.Combine(_root, "nope", "disk.img"));

        facts.ShouldBe(new HostPathFacts(Path.Combine(_root, "nope", "disk.img"), HostFileType.Missing, false));
    }

    [Fact]
    public void Probe_DotDotPastAMissingComponent_StaysMissing()
    {
        // The kernel fails on "nope" before it could climb back out to /etc/passwd: nothing there can be opened.
        var facts = HostPathProbe.Probe(_root + "/nope/../../../../../../../../etc/passwd");

        facts.Type.ShouldBe(HostFileType.Missing);
        facts.Resolved.ShouldBe("/etc/passwd");
    }

    [Fact]
    public void Probe_SymlinkLoop_Unknown()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "a"), Path.Combine(_root, "b"));
        File.CreateSymbolicLink(Path.Combine(_root, "b"), Path.Combine(_root, "a"));

        HostPathProbe.Probe(Path.Combine(_root, "a")).Type.ShouldBe(HostFileType.Unknown);
    }

    [Fact]
    public void Probe_DeviceNodesFifoAndSocket_TheirTypes()
    {
        var fifo = Path.Combine(_root, "fifo");
        Run("mkfifo", fifo);
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        var socketPath = Path.Combine(_root, "sock");
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));

        HostPathProbe.Probe("/dev/null").Type.ShouldBe(HostFileType.CharacterDevice);
        HostPathProbe.Probe(fifo).Type.ShouldBe(HostFileType.Fifo);
        HostPathProbe.Probe(socketPath).Type.ShouldBe(HostFileType.Socket);
        if (Directory.EnumerateFiles("/dev", "loop?").FirstOrDefault() is { } block)
        {
            HostPathProbe.Probe(block).Type.ShouldBe(HostFileType.BlockDevice);
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, process.StandardError.ReadToEnd());
    }
}
