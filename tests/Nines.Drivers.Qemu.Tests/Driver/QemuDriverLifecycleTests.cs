using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Nines.Drivers.Qemu.Tests.Driver;

/// <summary>Every lifecycle operation on a real guest, exec and file write through the agent, KPIs.</summary>
[Collection(RealGuestCollection.Name)]
public sealed class QemuDriverLifecycleTests(GuestImageFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan _boot = TimeSpan.FromSeconds(60);

    [RealGuestFact]
    public async Task Probe_ThisHost_DecidesOnceThenReadsTheCache()
    {
        var (first, cached) = fixture.Probe;
        output.WriteLine($"probe: {first.Accelerator} in {first.ProbeDuration.TotalSeconds:0.00} s ({first.Reason})");

        first.Accelerator.ShouldBeOneOf("kvm", "tcg");
        cached.ShouldBe(first with { FromCache = true, ProbeDuration = TimeSpan.Zero });
        if (!File.Exists("/dev/kvm"))
        {
            first.Accelerator.ShouldBe("tcg");
        }
    }

    [RealGuestFact]
    public async Task Lifecycle_RealGuest_EveryOperationWorks()
    {
        await using var driver = await QemuDriverFactory.CreateAsync(fixture.Options("life"), CancellationToken.None);
        await using var events = new EventRecorder(driver);
        var ct = CancellationToken.None;
        var definition = fixture.Guest("life1");

        (await driver.DefineAsync(definition, ct)).State.ShouldBe(VmState.Defined);
        File.Exists(Path.Combine(driver.StateDirectory, "life1", "definition.json")).ShouldBeTrue();
        var clock = Stopwatch.StartNew();
        var started = await driver.StartAsync("life1", ct);
        started.State.ShouldBe(VmState.Running);
        started.ProcessId.ShouldNotBeNull();
        started.Accelerator.ShouldBe(fixture.Accelerator.Accelerator);
        await events.WaitForAsync("life1", VmEventKind.GuestReady, _boot);
        output.WriteLine($"boot to guest-agent ready: {clock.Elapsed.TotalSeconds:0.00} s");
        File.ReadAllText($"/proc/{started.ProcessId}/cmdline").ShouldContain("nines-life1");

        var exec = await driver.ExecAsync("life1", GuestCommand.Shell("echo out; echo err >&2; exit 3"), ct);
        exec.ShouldBe(new GuestExecResult(3, "out\n", "err\n"));
        (await driver.ExecAsync("life1", new GuestCommand("/bin/sh", ["-c", "tr a-z A-Z"], Input: "piped"), ct)).StandardOutput.ShouldBe("PIPED");
        await driver.WriteFileAsync("life1", "/tmp/hello.txt", Encoding.UTF8.GetBytes("filetree content\n"), ct);
        (await driver.ExecAsync("life1", new GuestCommand("/bin/cat", ["/tmp/hello.txt"]), ct)).StandardOutput.ShouldBe("filetree content\n");

        await driver.ExecAsync("life1", GuestCommand.Shell("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"), ct);
        var kpis = await driver.SampleAsync("life1", ct);
        output.WriteLine($"kpis: {kpis}");
        kpis.State.ShouldBe(VmState.Running);
        kpis.Uptime.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        kpis.HostCpuPercent!.Value.ShouldBeInRange(0.5, 400);
        kpis.RssBytes!.Value.ShouldBeInRange(32L << 20, 1L << 30);
        kpis.GuestMemory!.ActualBytes.ShouldBe(128L << 20);
        kpis.Vcpus.ShouldBe(1);
        kpis.HeartbeatAge!.Value.ShouldBeLessThan(TimeSpan.FromSeconds(5));

        (await driver.PauseAsync("life1", ct)).State.ShouldBe(VmState.Paused);
        await events.WaitForAsync("life1", VmEventKind.Paused, TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromSeconds(4)); // longer than the heartbeat max: a paused guest is not "lost"
        (await driver.ResumeAsync("life1", ct)).State.ShouldBe(VmState.Running);
        await events.WaitForAsync("life1", VmEventKind.Resumed, TimeSpan.FromSeconds(5));
        (await driver.ExecAsync("life1", new GuestCommand("/bin/true"), ct)).ExitCode.ShouldBe(0);

        (await driver.RebootAsync("life1", ct)).State.ShouldBe(VmState.Running);
        (await events.WaitForAsync("life1", VmEventKind.Reset, TimeSpan.FromSeconds(5))).Detail.ShouldBe("reboot");
        await events.WaitForAsync("life1", VmEventKind.GuestReady, _boot);
        (await driver.ExecAsync("life1", new GuestCommand("/bin/cat", ["/tmp/hello.txt"]), ct)).ExitCode.ShouldNotBe(0); // a fresh boot: tmpfs is empty

        clock.Restart();
        var shutdown = await driver.ShutdownAsync("life1", TimeSpan.FromSeconds(30), ct);
        output.WriteLine($"shutdown via {shutdown.Method}: {shutdown.Elapsed.TotalSeconds:0.00} s");
        shutdown.Method.ShouldBe(ShutdownMethod.GuestAgent);
        shutdown.Status.State.ShouldBe(VmState.Stopped);
        shutdown.Status.ExitReason!.Kind.ShouldBe(VmExitKind.GuestShutdown);
        shutdown.Status.ProcessId.ShouldBeNull();
        ProcessGone(started.ProcessId!.Value).ShouldBeTrue();

        events.All.Where(e => e.VmId == "life1").Select(e => e.Kind).ShouldNotContain(VmEventKind.HeartbeatLost);

        var again = await driver.StartAsync("life1", ct);
        await events.WaitForAsync("life1", VmEventKind.GuestReady, _boot);
        (await driver.DestroyAsync("life1", ct)).ExitReason!.Kind.ShouldBe(VmExitKind.Destroyed);
        ProcessGone(again.ProcessId!.Value).ShouldBeTrue();
        (await driver.DestroyAsync("life1", ct)).State.ShouldBe(VmState.Stopped);
        await driver.RemoveAsync("life1", ct);
        Directory.Exists(Path.Combine(driver.StateDirectory, "life1")).ShouldBeFalse();
        await Should.ThrowAsync<Errors.VmNotFoundException>(() => driver.InspectAsync("life1", ct));
    }

    [RealGuestFact]
    public async Task SuspendRestore_RealGuest_ContinuesWhereItStopped()
    {
        await using var driver = await QemuDriverFactory.CreateAsync(fixture.Options("susp"), CancellationToken.None);
        await using var events = new EventRecorder(driver);
        var ct = CancellationToken.None;
        await driver.DefineAsync(fixture.Guest("susp1"), ct);
        var first = await driver.StartAsync("susp1", ct);
        await events.WaitForAsync("susp1", VmEventKind.GuestReady, _boot);
        await driver.ExecAsync("susp1", GuestCommand.Shell("echo kept-in-ram > /run/marker"), ct);
        var before = double.Parse((await driver.ExecAsync("susp1", GuestCommand.Shell("cut -d' ' -f1 /proc/uptime"), ct)).StandardOutput, System.Globalization.CultureInfo.InvariantCulture);

        var file = Path.Combine(fixture.Root, "susp1.state");
        var clock = Stopwatch.StartNew();
        var suspended = await driver.SuspendAsync("susp1", file, ct);
        output.WriteLine($"suspend: {clock.Elapsed.TotalSeconds:0.00} s, {new FileInfo(file).Length >> 20} MiB");
        suspended.State.ShouldBe(VmState.Suspended);
        suspended.ProcessId.ShouldBeNull();
        ProcessGone(first.ProcessId!.Value).ShouldBeTrue();

        clock.Restart();
        var restored = await driver.RestoreAsync("susp1", file, ct);
        output.WriteLine($"restore: {clock.Elapsed.TotalSeconds:0.00} s");
        restored.State.ShouldBe(VmState.Running);
        restored.GuestReady.ShouldBeTrue();
        (await driver.ExecAsync("susp1", new GuestCommand("/bin/cat", ["/run/marker"]), ct)).StandardOutput.ShouldBe("kept-in-ram\n");
        var after = double.Parse((await driver.ExecAsync("susp1", GuestCommand.Shell("cut -d' ' -f1 /proc/uptime"), ct)).StandardOutput, System.Globalization.CultureInfo.InvariantCulture);
        after.ShouldBeGreaterThanOrEqualTo(before);
        after.ShouldBeLessThan(before + 30); // continued, not rebooted (a reboot would restart near zero)

        (await driver.DestroyAsync("susp1", ct)).State.ShouldBe(VmState.Stopped);
        await driver.RemoveAsync("susp1", ct);
        File.Delete(file);
    }

    internal static bool ProcessGone(int pid) =>
        !File.Exists($"/proc/{pid}/stat") || File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
}
