using System.Collections.Concurrent;

namespace Nines.Processes.Tests;

/// <summary>Long-lived children: output as it comes, signals, and no child left behind by a disposed handle.</summary>
public sealed class RunningProcessTests
{
    private readonly ProcessRunner _runner = new(TimeProvider.System);

    [Fact]
    public async Task Start_LongLivedChild_ReportsLinesAndDisposeKillsItsTree()
    {
        var lines = new ConcurrentQueue<string>();
        var child = _runner.Start(ProcessRequest.Of("/bin/sh", "-c", "echo ready; echo also >&2; sleep 30 & echo $!; wait") with { OnOutputLine = lines.Enqueue });
        await using (child)
        {
            (await Eventually.TrueAsync(() => lines.Count >= 3, TimeSpan.FromSeconds(20))).ShouldBeTrue();
            lines.ShouldContain("ready");
            lines.ShouldContain("also");
            child.Output.ShouldContain("ready");
            child.HasExited.ShouldBeFalse();
            child.ExitCode.ShouldBeNull();
        }

        var sleeper = int.Parse(lines.Single(l => l.All(char.IsAsciiDigit)), System.Globalization.CultureInfo.InvariantCulture);
        child.HasExited.ShouldBeTrue();
        (await Eventually.TrueAsync(() => !ProcFs.IsAlive(sleeper), TimeSpan.FromSeconds(20))).ShouldBeTrue("its background child was killed with it");
    }

    [Fact]
    public async Task Signal_Term_ChildHandlesItAndItsExitCodeIsReported()
    {
        var child = _runner.Start(ProcessRequest.Of("/bin/sh", "-c", "trap 'echo got-term; exit 5' TERM; echo ready; while :; do sleep 0.05; done"));
        await using (child)
        {
            (await Eventually.TrueAsync(() => child.Output.Contains("ready", StringComparison.Ordinal), TimeSpan.FromSeconds(20))).ShouldBeTrue();

            child.Signal(ProcessSignals.SigTerm).ShouldBeTrue();
            await child.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

            child.ExitCode.ShouldBe(5);
            child.Output.ShouldContain("got-term");
            child.Signal(ProcessSignals.SigTerm).ShouldBeFalse("it has ended");
        }
    }

    [Fact]
    public void Start_ProgramNotInstalled_ThrowsProcessStartException() =>
        Should.Throw<ProcessStartException>(() => _runner.Start(ProcessRequest.Of("nines-no-such-program")));
}
