using Nines.Cli.Hosting;

namespace Nines.Cli.Tests.Hosting;

/// <summary>Which command lines <c>nines testbed down</c> treats as an agent or fence guard of a host's data directory.</summary>
public sealed class AgentProcessSweepTests
{
    [Theory]
    [InlineData("dotnet /x/nines.dll agent --host h2 --listen 127.0.0.1:0 --data /tmp/tb/1/h2 --driver fake")]
    [InlineData("/x/nines agent-guard --host h2 --store etcd://127.0.0.1:1 --data /tmp/tb/1/h2/")]
    [InlineData("/bin/sh -c exec_setsid sh /x/nines agent --data=/tmp/tb/1/h2")]
    public void Names_AgentOrGuardOfTheDirectory_IsTrue(string commandLine) =>
        AgentProcessSweep.Names(commandLine.Split(' '), "/tmp/tb/1/h2").ShouldBeTrue();

    [Theory]
    [InlineData("dotnet /x/nines.dll agent --host h2 --data /tmp/tb/1/h22")]
    [InlineData("dotnet /x/nines.dll agent --host h2 --data /tmp/tb/2/h2")]
    [InlineData("dotnet /x/nines.dll up --data /tmp/tb/1/h2")]
    [InlineData("tail -f /tmp/tb/1/h2/agent.log agent")]
    [InlineData("dotnet /x/nines.dll agent --data tb/1/h2")]
    public void Names_OtherDirectoryOrCommand_IsFalse(string commandLine) =>
        AgentProcessSweep.Names(commandLine.Split(' '), "/tmp/tb/1/h2").ShouldBeFalse();

    [Fact]
    public void IsGuard_GuardAndAgent_TellsThemApart()
    {
        AgentProcessSweep.IsGuard(["nines", "agent-guard", "--data", "/d"]).ShouldBeTrue();
        AgentProcessSweep.IsGuard(["nines", "agent", "--data", "/d"]).ShouldBeFalse();
    }
}
