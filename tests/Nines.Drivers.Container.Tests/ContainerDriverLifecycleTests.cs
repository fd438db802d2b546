using System.Diagnostics;
using Nines.Drivers.Container.Tests.Support;

namespace Nines.Drivers.Container.Tests;

/// <summary>Real instances through the lifecycle: stop (graceful and forced), crash, restart, re-attach, remove.</summary>
public sealed class ContainerDriverLifecycleTests
{
    [RequiresRootFact]
    public async Task Start_StateDirectoryBelowADirectoryOthersCannotEnter_TheInstanceRunsItsRootMountedOutside()
    {
        await using var host = await ContainerTestHost.StartAsync();
        var parent = Path.GetDirectoryName(host.Options.StateDirectory)!;
        if (OperatingSystem.IsLinux())
        {
            File.GetUnixFileMode(parent).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, "a temp directory, as a data directory usually is");
        }

        var status = await host.StartAsync(ContainerTestHost.Instance("mnt1"));
        var echo = await host.ShellAsync("mnt1", "echo ok > /root/f && cat /root/f");

        echo.StandardOutput.Trim().ShouldBe("ok");
        status.State.ShouldBe(VmState.Running);
        Directory.EnumerateDirectories(host.Options.MountDirectory).Count().ShouldBe(1, "one mount directory per instance");
    }

    [RequiresRootFact]
    public async Task Shutdown_InitTrapsSigterm_EndsBySignalWithinTheGracePeriod()
    {
        await using var host = await ContainerTestHost.StartAsync();
        await host.StartAsync(ContainerTestHost.Instance("sd1"));
        var events = host.Driver.WatchEventsAsync(CancellationToken.None).GetAsyncEnumerator();

        var result = await host.Driver.ShutdownAsync("sd1", TimeSpan.FromSeconds(10), CancellationToken.None);

        result.Method.ShouldBe(ShutdownMethod.Signal);
        result.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
        result.Status.State.ShouldBe(VmState.Stopped);
        result.Status.ExitReason!.Kind.ShouldBe(VmExitKind.GuestShutdown);
        (await NextAsync(events)).Kind.ShouldBe(VmEventKind.ShutdownRequested);
        (await NextAsync(events)).Kind.ShouldBe(VmEventKind.Stopped);
    }

    [RequiresRootFact]
    public async Task Shutdown_InitInstallsItsHandlerLate_SignalSentAgainAndEndsGracefully()
    {
        await using var host = await ContainerTestHost.StartAsync();

        // Until its trap runs, the init has no SIGTERM handler and the kernel drops SIGTERM sent to a namespace's PID 1.
        await host.StartAsync(ContainerTestHost.Instance("sd3", "/bin/sh", "-c", "sleep 1; trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"));

        var result = await host.Driver.ShutdownAsync("sd3", TimeSpan.FromSeconds(20), CancellationToken.None);

        result.Method.ShouldBe(ShutdownMethod.Signal);
        result.Status.ExitReason!.Kind.ShouldBe(VmExitKind.GuestShutdown);
    }

    [RequiresRootFact]
    public async Task Shutdown_InitIgnoresSigterm_KilledAfterTheGracePeriod()
    {
        await using var host = await ContainerTestHost.StartAsync();

        // PID 1 of a namespace without a SIGTERM handler ignores SIGTERM.
        await host.StartAsync(ContainerTestHost.Instance("sd2", "/bin/sleep", "1000"));

        var result = await host.Driver.ShutdownAsync("sd2", TimeSpan.FromMilliseconds(700), CancellationToken.None);

        result.Method.ShouldBe(ShutdownMethod.Forced);
        result.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(650));
        result.Status.State.ShouldBe(VmState.Stopped);
        result.Status.ExitReason!.Kind.ShouldBe(VmExitKind.Destroyed);
    }

    [RequiresRootFact]
    public async Task KillInit_FromOutside_ReportedCrashedWithTheSignalWithinAFewHundredMilliseconds()
    {
        await using var host = await ContainerTestHost.StartAsync();
        var status = await host.StartAsync(ContainerTestHost.Instance("cr1"));
        var clock = Stopwatch.StartNew();

        Process.GetProcessById(status.ProcessId!.Value).Kill();
        var crashed = await host.WaitForStateAsync("cr1", VmState.Crashed);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(500));
        crashed.State.ShouldBe(VmState.Crashed);
        crashed.ExitReason!.Kind.ShouldBe(VmExitKind.Killed);
        crashed.ExitReason.Signal.ShouldBe(9);
    }

    [RequiresRootFact]
    public async Task CommandExits_WithCode_ReportedCrashedWithTheCodeAndStartsAgain()
    {
        await using var host = await ContainerTestHost.StartAsync();
        await host.StartAsync(ContainerTestHost.Instance("ex3", "/bin/sh", "-c", "sleep 0.3; exit 3"));

        var ended = await host.WaitForStateAsync("ex3", VmState.Crashed);
        ended.ExitReason!.ExitCode.ShouldBe(3);

        var again = await host.Driver.StartAsync("ex3", CancellationToken.None);
        again.State.ShouldBe(VmState.Running);
    }

    [RequiresRootFact]
    public async Task Reboot_Running_NewInitSameStateAndTheOverlayKept()
    {
        await using var host = await ContainerTestHost.StartAsync();
        var before = await host.StartAsync(ContainerTestHost.Instance("rb1"));
        await host.ShellAsync("rb1", "echo kept > /root/file");

        var after = await host.Driver.RebootAsync("rb1", CancellationToken.None);

        after.State.ShouldBe(VmState.Running);
        after.ProcessId.ShouldNotBe(before.ProcessId);
        Process.GetProcesses().Any(p => p.Id == before.ProcessId).ShouldBeFalse();
        (await host.ShellAsync("rb1", "cat /root/file")).StandardOutput.ShouldBe("kept\n");
    }

    [RequiresRootFact]
    public async Task Reattach_AfterManagerRestart_SameProcessSupervisedAgain()
    {
        await using var host = await ContainerTestHost.StartAsync();
        var running = await host.StartAsync(ContainerTestHost.Instance("ra1"));
        await host.StartAsync(ContainerTestHost.Instance("ra2"));
        await host.Driver.PauseAsync("ra2", CancellationToken.None);
        await host.Driver.DisposeAsync();

        var second = await host.RestartDriverAsync();
        host.ReplaceDriver(second);
        var found = await second.ReattachAsync(CancellationToken.None);

        found.Single(s => s.Id == "ra1").ShouldSatisfyAllConditions(
            s => s.State.ShouldBe(VmState.Running),
            s => s.ProcessId.ShouldBe(running.ProcessId));
        found.Single(s => s.Id == "ra2").State.ShouldBe(VmState.Paused);
        (await host.ShellAsync("ra1", "hostname")).StandardOutput.ShouldBe("ra1\n");
        Process.GetProcessById(running.ProcessId!.Value).Kill();
        (await host.WaitForStateAsync("ra1", VmState.Crashed)).State.ShouldBe(VmState.Crashed);
    }

    [RequiresRootFact]
    public async Task Remove_AfterDestroy_LeavesNoProcessCgroupOrRunDirectory()
    {
        await using var host = await ContainerTestHost.StartAsync();
        var status = await host.StartAsync(ContainerTestHost.Instance("rm1"));
        await host.ShellAsync("rm1", "sleep 1000 & sleep 1000 & true");

        await Should.ThrowAsync<Errors.InvalidVmStateException>(() => host.Driver.RemoveAsync("rm1", CancellationToken.None));
        await host.Driver.DestroyAsync("rm1", CancellationToken.None);
        await host.Driver.RemoveAsync("rm1", CancellationToken.None);

        Process.GetProcesses().Any(p => p.Id == status.ProcessId).ShouldBeFalse();
        Directory.Exists($"/sys/fs/cgroup/memory/{host.Options.CgroupParent}/rm1").ShouldBeFalse();
        Directory.Exists(Path.Combine(host.Options.StateDirectory!, "rm1")).ShouldBeFalse();
        await Should.ThrowAsync<Errors.VmNotFoundException>(() => host.Driver.InspectAsync("rm1", CancellationToken.None));
    }

    private static async Task<VmEvent> NextAsync(IAsyncEnumerator<VmEvent> events)
    {
        (await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue();
        return events.Current;
    }
}
