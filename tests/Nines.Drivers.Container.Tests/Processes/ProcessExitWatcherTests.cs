using System.Diagnostics;
using Nines.Drivers.Container.Processes;

namespace Nines.Drivers.Container.Tests.Processes;

/// <summary>The pidfd watcher wakes the monitor when a process it watches ends, and only then.</summary>
public sealed class ProcessExitWatcherTests
{
    [Fact]
    public async Task Watch_ProcessKilled_CallsBackAfterTheExitAndNotBefore()
    {
        var exited = new SemaphoreSlim(0);
        using var watcher = new ProcessExitWatcher(() => exited.Release());
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30"))!;

        watcher.Watch(sleeper.Id).ShouldBeTrue("pidfd_open works on this kernel (Linux 5.3+)");
        (await exited.WaitAsync(TimeSpan.FromMilliseconds(300))).ShouldBeFalse("the process still runs");

        sleeper.Kill();
        (await exited.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue("the watcher reported the exit");
    }

    [Fact]
    public void Watch_ProcessThatDoesNotExist_ReturnsFalse()
    {
        using var watcher = new ProcessExitWatcher(() => { });
        using var done = Process.Start(new ProcessStartInfo("true"))!;
        done.WaitForExit();

        watcher.Watch(done.Id).ShouldBeFalse();
    }
}
