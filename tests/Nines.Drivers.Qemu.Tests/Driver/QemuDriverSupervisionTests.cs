using System.Diagnostics;
using Nines.Drivers.Errors;
using Xunit.Abstractions;

namespace Nines.Drivers.Qemu.Tests.Driver;

/// <summary>Crash detection, hung guests, the watchdog and re-attach, on real guests.</summary>
[Collection(RealGuestCollection.Name)]
public sealed class QemuDriverSupervisionTests(GuestImageFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan _boot = TimeSpan.FromSeconds(60);

    [RealGuestFact]
    public async Task Kill9_RunningGuest_CrashedWithinOneSecondThenHangDetected()
    {
        await using var driver = await QemuDriverFactory.CreateAsync(fixture.Options("crash"), CancellationToken.None);
        await using var events = new EventRecorder(driver);
        var ct = CancellationToken.None;
        await driver.DefineAsync(fixture.Guest("crash1"), ct);
        var status = await driver.StartAsync("crash1", ct);
        await events.WaitForAsync("crash1", VmEventKind.GuestReady, _boot);

        var clock = Stopwatch.StartNew();
        Signal(status.ProcessId!.Value, "KILL");
        var crashed = await events.WaitForAsync("crash1", VmEventKind.Crashed, TimeSpan.FromSeconds(5));
        var latency = clock.Elapsed;
        output.WriteLine($"kill -9 to Crashed: {latency.TotalMilliseconds:0} ms; reason: {crashed.Reason}");
        latency.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        crashed.Reason!.Kind.ShouldBe(VmExitKind.Killed);
        crashed.Reason.Signal.ShouldBeOneOf(9, null); // null only where init reaps the zombie before we read it
        (await driver.InspectAsync("crash1", ct)).State.ShouldBe(VmState.Crashed);
        Directory.Exists(Path.Combine(driver.StateDirectory, "crash1", "qemu")).ShouldBeFalse(); // sockets and pid file went with it

        // Start again from Crashed, then hang the whole QEMU (SIGSTOP): the agent goes silent while the process lives.
        var restarted = await driver.StartAsync("crash1", ct);
        await events.WaitForAsync("crash1", VmEventKind.GuestReady, _boot);
        Signal(restarted.ProcessId!.Value, "STOP");
        clock.Restart();
        var lost = await events.WaitForAsync("crash1", VmEventKind.HeartbeatLost, TimeSpan.FromSeconds(10));
        output.WriteLine($"SIGSTOP to HeartbeatLost: {clock.Elapsed.TotalSeconds:0.00} s ({lost.Detail})");
        Signal(restarted.ProcessId!.Value, "CONT");
        await events.WaitForAsync("crash1", VmEventKind.HeartbeatRestored, TimeSpan.FromSeconds(10));
        (await driver.InspectAsync("crash1", ct)).State.ShouldBe(VmState.Running);

        await driver.DestroyAsync("crash1", ct);
        await driver.RemoveAsync("crash1", ct);
    }

    [RealGuestFact]
    public async Task Watchdog_GuestStopsFeeding_FiresAndPowersOff()
    {
        await using var driver = await QemuDriverFactory.CreateAsync(fixture.Options("wdog"), CancellationToken.None);
        await using var events = new EventRecorder(driver);
        var ct = CancellationToken.None;
        await driver.DefineAsync(fixture.Guest("wdog1", new WatchdogDefinition(WatchdogAction.Poweroff)), ct);
        await driver.StartAsync("wdog1", ct);
        await events.WaitForAsync("wdog1", VmEventKind.GuestReady, _boot);

        // Armed with a 2 s timeout and fed only every 60 s: it fires at the second stage, a few seconds later.
        var armed = await driver.ExecAsync("wdog1", GuestCommand.Shell("watchdog -T 2 -t 60 /dev/watchdog"), ct);
        armed.ExitCode.ShouldBe(0, armed.StandardError);
        var clock = Stopwatch.StartNew();
        (await events.WaitForAsync("wdog1", VmEventKind.WatchdogFired, TimeSpan.FromSeconds(30))).Detail.ShouldBe("poweroff");
        var crashed = await events.WaitForAsync("wdog1", VmEventKind.Crashed, TimeSpan.FromSeconds(10));
        output.WriteLine($"watchdog fired after {clock.Elapsed.TotalSeconds:0.0} s");
        crashed.Reason!.Kind.ShouldBe(VmExitKind.Watchdog);

        await driver.RemoveAsync("wdog1", ct);
    }

    [RealGuestFact]
    public async Task ReattachAsync_NewDriverOnSameStateDirectory_TakesOverRunningVmWithoutDuplicate()
    {
        var ct = CancellationToken.None;
        var options = fixture.Options("reat");
        int pid;
        await using (var first = await QemuDriverFactory.CreateAsync(options, ct))
        {
            await using var events = new EventRecorder(first);
            await first.DefineAsync(fixture.Guest("reat1"), ct);
            await first.DefineAsync(fixture.Guest("reat2"), ct);
            pid = (await first.StartAsync("reat1", ct)).ProcessId!.Value;
            await events.WaitForAsync("reat1", VmEventKind.GuestReady, _boot);
        }

        QemuDriverLifecycleTests.ProcessGone(pid).ShouldBeFalse("disposing a driver must not stop its VMs");
        await using var second = await QemuDriverFactory.CreateAsync(options, ct);
        await using var watched = new EventRecorder(second);
        var found = await second.ReattachAsync(ct);

        found.Select(s => (s.Id, s.State)).ShouldBe([("reat1", VmState.Running), ("reat2", VmState.Defined)]);
        found[0].ProcessId.ShouldBe(pid);
        found[0].GuestReady.ShouldBeTrue();
        (await second.ReattachAsync(ct)).Count.ShouldBe(2);
        fixture.LiveQemuProcesses().Count(p => File.ReadAllText($"/proc/{p}/cmdline").Contains("reat1", StringComparison.Ordinal)).ShouldBe(1);
        await Should.ThrowAsync<InvalidVmStateException>(() => second.StartAsync("reat1", ct));

        (await second.ExecAsync("reat1", new GuestCommand("/bin/echo", ["through B"]), ct)).StandardOutput.ShouldBe("through B\n");
        (await second.PauseAsync("reat1", ct)).State.ShouldBe(VmState.Paused);
        (await second.ResumeAsync("reat1", ct)).State.ShouldBe(VmState.Running);
        Signal(pid, "KILL");
        (await watched.WaitForAsync("reat1", VmEventKind.Crashed, TimeSpan.FromSeconds(5))).Reason!.Kind.ShouldBe(VmExitKind.Killed);
        await second.RemoveAsync("reat1", ct);
        await second.RemoveAsync("reat2", ct);
    }

    // The chaos soak's QEMU run: a manager killed between launching QEMU and QEMU writing its pid file left a QEMU the
    // next manager did not know; the VM was started again beside it (two copies). Stand-ins for such QEMUs (their
    // arguments name the VM and its run directory's QMP socket) must be killed at re-attach; a process naming the same
    // VM but another host's run directory (a migration between namespace hosts on one machine) must not.
    [RealGuestFact]
    public async Task ReattachAsync_QemuOfTheRunDirectoryWithoutPidFile_KilledAndAnotherHostsCopyKept()
    {
        var ct = CancellationToken.None;
        var options = fixture.Options("stray");
        string stateDirectory;
        await using (var first = await QemuDriverFactory.CreateAsync(options, ct))
        {
            await first.DefineAsync(fixture.Guest("stray1"), ct);
            stateDirectory = first.StateDirectory;
        }

        using var stray = StandIn("stray1", Path.Combine(stateDirectory, "stray1", "qemu", "qmp.sock"));
        using var elsewhere = StandIn("stray1", "/run/nines-elsewhere/stray1/qmp.sock");
        try
        {
            await using var second = await QemuDriverFactory.CreateAsync(options, ct);
            var found = await second.ReattachAsync(ct);

            found.Single(s => s.Id == "stray1").State.ShouldBe(VmState.Defined);
            // Re-attach returns once the stray is dead (a zombie or gone). Whether this test process has reaped its
            // child yet is .NET's SIGCHLD handling, which lags under load (CI once waited past 10 s): ask /proc instead.
            Nines.Processes.ProcFs.IsAlive(stray.Id).ShouldBeFalse($"the stray QEMU of this run directory is killed ({Describe(stray.Id)})");
            elsewhere.HasExited.ShouldBeFalse("another run directory's copy is not this driver's");
            await second.RemoveAsync("stray1", ct);
        }
        finally
        {
            foreach (var process in new[] { stray, elsewhere }.Where(p => !p.HasExited))
            {
                process.Kill();
            }
        }
    }

    private static string Describe(int pid) =>
        $"pid {pid}: stat \"{ReadOrGone($"/proc/{pid}/stat")}\", cmdline \"{ReadOrGone($"/proc/{pid}/cmdline").Replace('\0', ' ')}\"";

    private static string ReadOrGone(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "gone";
        }
    }

    private static Process StandIn(string vmId, string qmpSocket) =>
        Process.Start("perl", ["-e", "sleep 600", "--", "-name", $"{vmId},process=nines-{vmId}", "-qmp", $"unix:{qmpSocket},server=on,wait=off"])!;

    [RealGuestFact]
    public async Task ReattachAsync_QemuLaunchedByAnEarlierNinesAsRootDaemonized_TakesItOverThenRelaunchesConfined()
    {
        var ct = CancellationToken.None;
        var options = fixture.Options("leg");
        var definition = fixture.Guest("leg1");
        await using (var first = await QemuDriverFactory.CreateAsync(options, ct))
        {
            await first.DefineAsync(definition, ct);
        }

        // What Nines launched before confinement: sockets and pid file in the run directory, -daemonize, no sandbox.
        var run = new Processes.QemuRunDirectory(Path.Combine(fixture.Root, "leg", "leg1"), Legacy: true);
        var arguments = Processes.QemuCommandLine.Build(definition, fixture.Accelerator.Accelerator, run).ToList();
        arguments.RemoveRange(arguments.IndexOf("-sandbox"), 2);
        arguments.Add("-daemonize");
        using (var launch = Process.Start("qemu-system-x86_64", arguments))
        {
            await launch.WaitForExitAsync();
            launch.ExitCode.ShouldBe(0);
        }

        var pid = int.Parse(File.ReadAllText(run.PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        QemuVmRecord.WriteState(run.StateFile, new QemuVmRecord.QemuRunRecordDocument(VmState.Running, DateTimeOffset.UtcNow, fixture.Accelerator.Accelerator, false, null, null, null, null, null));

        await using var second = await QemuDriverFactory.CreateAsync(options, ct);
        await using var events = new EventRecorder(second);
        var found = await second.ReattachAsync(ct);

        found.Single().State.ShouldBe(VmState.Running);
        found.Single().ProcessId.ShouldBe(pid);
        await events.WaitForAsync("leg1", VmEventKind.GuestReady, _boot);
        (await second.ExecAsync("leg1", new GuestCommand("/bin/echo", ["legacy"]), ct)).StandardOutput.ShouldBe("legacy\n");
        await second.DestroyAsync("leg1", ct);
        File.Exists(run.PidFile).ShouldBeFalse();

        var again = await second.StartAsync("leg1", ct);
        File.Exists(Path.Combine(run.Path, "qemu", "qmp.sock")).ShouldBeTrue("relaunched in the confined layout");
        File.ReadAllText($"/proc/{again.ProcessId}/cmdline").ShouldContain("spawn=deny");
        await second.DestroyAsync("leg1", ct);
        await second.RemoveAsync("leg1", ct);
    }

    [RealGuestFact]
    public async Task ShutdownAsync_GuestWithoutAgent_PowersOffOnAcpiButton()
    {
        await using var driver = await QemuDriverFactory.CreateAsync(fixture.Options("acpi"), CancellationToken.None);
        var ct = CancellationToken.None;
        var definition = fixture.Guest("acpi1", guestAgent: false);
        await driver.DefineAsync(definition, ct);
        await driver.StartAsync("acpi1", ct);
        var console = Path.Combine(driver.StateDirectory, "acpi1", "console.log");
        var clock = Stopwatch.StartNew();
        while (!File.ReadAllText(console).Contains("NINES-GUEST-READY", StringComparison.Ordinal))
        {
            clock.Elapsed.ShouldBeLessThan(_boot);
            await Task.Delay(100);
        }

        await Should.ThrowAsync<GuestAgentUnavailableException>(() => driver.ExecAsync("acpi1", new GuestCommand("/bin/true"), ct));
        var result = await driver.ShutdownAsync("acpi1", TimeSpan.FromSeconds(30), ct);
        output.WriteLine($"ACPI shutdown: {result.Elapsed.TotalSeconds:0.00} s");
        result.Method.ShouldBe(ShutdownMethod.Acpi);
        result.Status.ExitReason!.Kind.ShouldBe(VmExitKind.GuestShutdown);
        await driver.RemoveAsync("acpi1", ct);
    }

    private static void Signal(int pid, string signal) =>
        Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
}
