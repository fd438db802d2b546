using System.Security.Cryptography;
using System.Text;
using Nines.Images.Packages;
using Nines.Images.Tests.Support;
using Nines.Processes;
using Nines.Testing;

namespace Nines.Images.Tests;

/// <summary>
/// The apt package source against a scripted process runner: the exact apt and dpkg-deb commands it runs and how it
/// reads their output and failures, without spawning anything.
/// </summary>
public sealed class AptPackageSourceTests
{
    private static readonly string[] _dependsFlags =
        ["depends", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances"];

    [Fact]
    public async Task GetDependenciesAsync_AptCacheOutput_RunsDependsAndParsesIt()
    {
        var runner = new ScriptedProcessRunner().On("apt-cache", standardOutput: "busybox\n  Depends: libc6\n |Depends: zlib1g\n  Depends: zlib-ng\n");

        var dependencies = await new AptPackageSource(runner).GetDependenciesAsync("busybox", CancellationToken.None);

        dependencies.ShouldBe(["libc6", "zlib1g"]);
        runner.CommandLines.ShouldHaveSingleItem().ShouldBe(["apt-cache", .. _dependsFlags, "busybox"]);
    }

    [Fact]
    public async Task GetDependenciesAsync_AptCacheFails_ThrowsWithItsError()
    {
        var runner = new ScriptedProcessRunner().On("apt-cache", exitCode: 100, standardError: "E: No packages found\n");

        var error = await Should.ThrowAsync<GuestImageException>(
            () => new AptPackageSource(runner).GetDependenciesAsync("nosuch", CancellationToken.None));

        error.Message.ShouldBe("apt-cache depends nosuch failed: E: No packages found");
    }

    [Fact]
    public async Task GetDependenciesAsync_AptNotInstalled_ThrowsGuestImageException()
    {
        var runner = new ScriptedProcessRunner().On(_ => true, r => throw new ProcessStartException($"could not run {r.Program}: No such file or directory (is it installed?)"));

        var error = await Should.ThrowAsync<GuestImageException>(
            () => new AptPackageSource(runner).GetDependenciesAsync("busybox", CancellationToken.None));

        error.Message.ShouldContain("could not run apt-cache");
        error.InnerException.ShouldBeOfType<ProcessStartException>();
    }

    [Fact]
    public async Task FetchAsync_DownloadedDeb_DownloadsInDebsExtractsAndReadsItsVersion()
    {
        using var work = new TempDirectory();
        var deb = Path.Combine(work.Path, "debs", "busybox-static_1.36_amd64.deb");
        var runner = new ScriptedProcessRunner()
            .On(
                r => r.Program == "apt-get",
                r =>
                {
                    // What apt-get download does: the .deb lands in its working directory.
                    File.WriteAllText(Path.Combine(r.WorkingDirectory!, "busybox-static_1.36_amd64.deb"), "deb bytes");
                    return new ProcessResult(r.CommandLine, 0, string.Empty, string.Empty);
                })
            .On("dpkg-deb", ["-x"])
            .On("dpkg-deb", ["-f"], standardOutput: "1:1.36.1-9\n");

        var fetched = await new AptPackageSource(runner).FetchAsync(["busybox-static"], work.Path, CancellationToken.None);

        var package = fetched.ShouldHaveSingleItem();
        package.Name.ShouldBe("busybox-static");
        package.Version.ShouldBe("1:1.36.1-9");
        package.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("deb bytes"))));
        package.Root.ShouldBe(Path.Combine(work.Path, "pkg", "busybox-static"));
        runner.Calls[0].WorkingDirectory.ShouldBe(Path.Combine(work.Path, "debs"));
        runner.CommandLines.ShouldBe(
        [
            ["apt-get", "download", "busybox-static"],
            ["dpkg-deb", "-x", deb, package.Root],
            ["dpkg-deb", "-f", deb, "Version"],
        ]);
    }

    [Fact]
    public async Task FetchAsync_DownloadFails_ThrowsWithExitCodeAndDoesNotExtract()
    {
        using var work = new TempDirectory();
        var runner = new ScriptedProcessRunner().On("apt-get", exitCode: 100, standardError: "E: Unable to locate package nosuch\n");

        var error = await Should.ThrowAsync<GuestImageException>(
            () => new AptPackageSource(runner).FetchAsync(["nosuch"], work.Path, CancellationToken.None));

        error.Message.ShouldBe("apt-get download nosuch failed (exit 100): E: Unable to locate package nosuch");
        runner.Calls.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task FetchAsync_DownloadSucceedsButLeavesNoDeb_Throws()
    {
        using var work = new TempDirectory();
        var runner = new ScriptedProcessRunner().On("apt-get");

        var error = await Should.ThrowAsync<GuestImageException>(
            () => new AptPackageSource(runner).FetchAsync(["busybox-static"], work.Path, CancellationToken.None));

        error.Message.ShouldContain("left no busybox-static_*.deb");
    }
}
