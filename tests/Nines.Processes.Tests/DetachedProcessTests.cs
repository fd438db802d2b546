using System.Globalization;

namespace Nines.Processes.Tests;

/// <summary>Detached starts: the program's own pid, its output in the log, its environment, and it runs on after the handle.</summary>
public sealed class DetachedProcessTests
{
    [Fact]
    public async Task StartDetached_Program_LogsToTheFileAndRunsOnAfterTheHandle()
    {
        var log = Path.Combine(Path.GetTempPath(), $"nines-detached-{Guid.NewGuid():N}.log");
        var request = ProcessRequest.Of("/bin/sh", "-c", "echo \"$NINES_TEST_VALUE\"; echo $$; read line; exec sleep 30") with
        {
            Environment = new Dictionary<string, string> { ["NINES_TEST_VALUE"] = "v2" },
        };
        int pid;
        using (var detached = new ProcessRunner(TimeProvider.System).StartDetached(request, log))
        {
            pid = detached.Id;
            (await Eventually.TrueAsync(() => File.Exists(log) && File.ReadAllLines(log).Length >= 2, TimeSpan.FromSeconds(20))).ShouldBeTrue();
            detached.HasExited.ShouldBeFalse("stdin is /dev/null, so read returns at once, and the sleep runs");
            detached.ExitCode.ShouldBeNull();
        }

        try
        {
            File.ReadAllLines(log).ShouldBe(["v2", pid.ToString(CultureInfo.InvariantCulture)]);
            ProcFs.IsAlive(pid).ShouldBeTrue("letting go of the handle does not stop it");
        }
        finally
        {
            ProcessSignals.Kill(pid);
            File.Delete(log);
        }
    }
}
