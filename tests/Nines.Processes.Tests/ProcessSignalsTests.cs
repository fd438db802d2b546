namespace Nines.Processes.Tests;

/// <summary>Signals go to one process by id, and never to a group or to everything.</summary>
public sealed class ProcessSignalsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Send_IdBelowOne_IsRefused(int pid) => ProcessSignals.Send(pid, 0).ShouldBeFalse();

    [Fact]
    public async Task Kill_RunningProcess_EndsIt()
    {
        var sleeper = new ProcessRunner(TimeProvider.System).Start(ProcessRequest.Of("/bin/sleep", "30"));
        await using (sleeper)
        {
            ProcessSignals.Kill(sleeper.Id).ShouldBeTrue();
            await sleeper.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

            sleeper.ExitCode.ShouldBe(128 + ProcessSignals.SigKill);
        }
    }
}
