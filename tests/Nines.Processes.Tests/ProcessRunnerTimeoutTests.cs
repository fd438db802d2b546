using System.Globalization;
using Nines.Testing;

namespace Nines.Processes.Tests;

/// <summary>The one timeout behaviour: the whole tree is killed and the result says so; cancellation kills and throws.</summary>
public sealed class ProcessRunnerTimeoutTests
{
    /// <summary>A shell that starts a background sleep, prints its pid and waits: the sleep is a grandchild of ours.</summary>
    private static ProcessRequest TreeOfSleeps => ProcessRequest.Of("/bin/sh", "-c", "sleep 30 & echo $!; wait");

    [Fact]
    public async Task RunAsync_Timeout_KillsTheWholeTreeAndReportsTimedOut()
    {
        var runner = new ProcessRunner(TimeProvider.System);

        var result = await runner.RunAsync(TreeOfSleeps with { Timeout = TimeSpan.FromSeconds(2) }, CancellationToken.None);

        result.TimedOut.ShouldBeTrue();
        result.Succeeded.ShouldBeFalse();
        var grandchild = int.Parse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture);
        (await Eventually.TrueAsync(() => !ProcFs.IsAlive(grandchild), TimeSpan.FromSeconds(20))).ShouldBeTrue("the background sleep was killed too");
    }

    [Fact]
    public async Task RunAsync_TimeoutOnInjectedClock_FiresWhenThatClockPasses()
    {
        var clock = new FakeTimeProvider();
        var runner = new ProcessRunner(clock);

        var run = runner.RunAsync(ProcessRequest.Of("/bin/sleep", "30") with { Timeout = TimeSpan.FromSeconds(10) }, CancellationToken.None);
        await Task.Delay(300);
        run.IsCompleted.ShouldBeFalse("the fake clock has not moved");
        clock.Advance(TimeSpan.FromSeconds(10));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        result.TimedOut.ShouldBeTrue();
        result.ExitCode.ShouldBe(128 + ProcessSignals.SigKill);
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheWholeTreeAndThrows()
    {
        var runner = new ProcessRunner(TimeProvider.System);
        using var cancel = new CancellationTokenSource();
        var pidFile = Path.Combine(Path.GetTempPath(), $"nines-proc-{Guid.NewGuid():N}.pid");
        var request = ProcessRequest.Of("/bin/sh", "-c", "sleep 30 & echo $! > \"$0\"; wait", pidFile);

        var run = runner.RunAsync(request, cancel.Token);
        (await Eventually.TrueAsync(() => ProcFs.ReadPidFile(pidFile) is not null, TimeSpan.FromSeconds(20))).ShouldBeTrue();
        var grandchild = ProcFs.ReadPidFile(pidFile)!.Value;
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => run);
        (await Eventually.TrueAsync(() => !ProcFs.IsAlive(grandchild), TimeSpan.FromSeconds(20))).ShouldBeTrue("the background sleep was killed too");
        File.Delete(pidFile);
    }

    [Fact]
    public async Task RunAsync_OutputGrace_ReturnsWhenTheProgramEndsThoughADaemonHoldsItsOutput()
    {
        var runner = new ProcessRunner(TimeProvider.System);
        var request = TreeOfSleeps with
        {
            Arguments = ["-c", "sleep 30 & echo $!"],
            OutputGraceAfterExit = ProcessRunner.DetachedOutputGrace,
            Timeout = TimeSpan.FromSeconds(25),
        };

        var result = await runner.RunAsync(request, CancellationToken.None);

        var daemon = int.Parse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture);
        try
        {
            result.TimedOut.ShouldBeFalse();
            result.ExitCode.ShouldBe(0);
            ProcFs.IsAlive(daemon).ShouldBeTrue("what the program left behind is not killed: it did not time out");
        }
        finally
        {
            ProcessSignals.Kill(daemon);
        }
    }

    [Fact]
    public async Task RunAsync_ProgramEndedButOutputHeldPastTheTimeout_ReturnsItsExitNotTimedOut()
    {
        var runner = new ProcessRunner(TimeProvider.System);
        var request = TreeOfSleeps with { Arguments = ["-c", "sleep 30 & echo $!; exit 6"], Timeout = TimeSpan.FromSeconds(2) };

        var result = await runner.RunAsync(request, CancellationToken.None);

        var daemon = int.Parse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture);
        ProcessSignals.Kill(daemon);
        result.TimedOut.ShouldBeFalse();
        result.ExitCode.ShouldBe(6);
    }
}
