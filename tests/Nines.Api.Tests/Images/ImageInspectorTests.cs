using Nines.Api.Images;
using Nines.Processes;
using Nines.Testing;

namespace Nines.Api.Tests.Images;

/// <summary>The upload check's qemu-img call against a scripted process runner: its argv, deadline and every way it can answer.</summary>
public sealed class ImageInspectorTests
{
    private static readonly string[] _info = ["/usr/bin/qemu-img", "info", "--output", "json", "-f", "qcow2", "/up/disk.img"];

    [Fact]
    public async Task InfoAsync_QemuImgAnswersJson_ReturnsItAndRanWithFormatLimitsAndDeadline()
    {
        var processes = new ScriptedProcessRunner().On(_ => true, r => new ProcessResult(r.CommandLine, 0, "{\"format\":\"qcow2\",\"virtual-size\":1024}", string.Empty));

        var (info, error) = await new ImageInspector("/usr/bin/qemu-img", processes).InfoAsync("/up/disk.img", "qcow2", CancellationToken.None);

        error.ShouldBeNull();
        info!.Value.GetProperty("virtual-size").GetInt64().ShouldBe(1024);
        var request = processes.Calls.ShouldHaveSingleItem();
        string[] argv = [request.Program, .. request.Arguments];
        argv.ShouldBe(File.Exists("/usr/bin/prlimit") ? ["/usr/bin/prlimit", "--as=1073741824", "--cpu=30", "--", .. _info] : _info);
        request.Timeout.ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task InfoAsync_QemuImgRefuses_ReportsItsError()
    {
        var processes = new ScriptedProcessRunner().On(_ => true, r => new ProcessResult(r.CommandLine, 1, string.Empty, "qemu-img: Image is not in qcow2 format\n"));

        var (info, error) = await new ImageInspector("/usr/bin/qemu-img", processes).InfoAsync("/up/disk.img", "qcow2", CancellationToken.None);

        info.ShouldBeNull();
        error.ShouldBe("qemu-img info -f qcow2 refused it: qemu-img: Image is not in qcow2 format");
    }

    [Fact]
    public async Task InfoAsync_Deadline_ReportsTimeout()
    {
        var processes = new ScriptedProcessRunner().On(_ => true, r => new ProcessResult(r.CommandLine, 137, "{", string.Empty, TimedOut: true));

        var (_, error) = await new ImageInspector("/usr/bin/qemu-img", processes).InfoAsync("/up/disk.img", "qcow2", CancellationToken.None);

        error.ShouldBe("qemu-img info did not finish within 60 s");
    }

    [Fact]
    public async Task InfoAsync_NotJson_ReportsIt()
    {
        var processes = new ScriptedProcessRunner().On(_ => true, r => new ProcessResult(r.CommandLine, 0, "not json", string.Empty));

        var (_, error) = await new ImageInspector("/usr/bin/qemu-img", processes).InfoAsync("/up/disk.img", "qcow2", CancellationToken.None);

        error.ShouldNotBeNull().ShouldStartWith("qemu-img info answered no JSON");
    }

    [Fact]
    public async Task InfoAsync_QemuImgMissingOnARealRunner_SaysToInstallQemuUtils()
    {
        var inspector = new ImageInspector("/nonexistent/qemu-img", new ProcessRunner(TimeProvider.System));

        var (info, error) = await inspector.InfoAsync("/up/disk.img", "raw", CancellationToken.None);

        info.ShouldBeNull();
        // With prlimit the missing tool is prlimit's error; without it the start itself fails.
        error.ShouldNotBeNull().ShouldContain(File.Exists("/usr/bin/prlimit") ? "/nonexistent/qemu-img" : "install qemu-utils");
    }
}
