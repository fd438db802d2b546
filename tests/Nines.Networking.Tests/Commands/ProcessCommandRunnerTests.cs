using Nines.Networking.Commands;
using Nines.Processes;
using Nines.Testing;

namespace Nines.Networking.Tests.Commands;

/// <summary>The network command runner is a view of the process layer: same argv, environment and results, no runner of its own.</summary>
public sealed class ProcessCommandRunnerTests
{
    [Fact]
    public async Task RunAsync_Command_GoesToTheProcessLayerAsArgvWithItsEnvironment()
    {
        var processes = new ScriptedProcessRunner().On("ovs-vsctl", exitCode: 0, standardOutput: "br0\n");
        var environment = new Dictionary<string, string> { ["OVS_RUNDIR"] = "/run/x" };

        var result = await new ProcessCommandRunner(processes).RunAsync("ovs-vsctl", ["list-br", "a b"], environment, CancellationToken.None);

        result.ShouldBe(new CommandResult("ovs-vsctl list-br 'a b'", 0, "br0\n", string.Empty));
        var request = processes.Calls.ShouldHaveSingleItem();
        request.Arguments.ShouldBe(["list-br", "a b"]);
        request.Environment.ShouldBeSameAs(environment);
        request.Timeout.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_IsAResultAndThrowIfFailedNamesTheCommand()
    {
        var processes = new ScriptedProcessRunner().On("ip", exitCode: 2, standardError: "RTNETLINK answers: File exists\n");

        var result = await new ProcessCommandRunner(processes).RunAsync("ip", ["link", "add", "v0"], null, CancellationToken.None);

        result.Succeeded.ShouldBeFalse();
        Should.Throw<NetworkCommandException>(() => result.ThrowIfFailed())
            .Message.ShouldBe("'ip link add v0' failed with exit code 2: RTNETLINK answers: File exists");
    }

    [Fact]
    public async Task RunAsync_ToolNotInstalled_ThrowsNetworkCommandException()
    {
        var error = await Should.ThrowAsync<NetworkCommandException>(
            () => new ProcessCommandRunner(new ProcessRunner(TimeProvider.System)).RunAsync("nines-no-such-tool", [], null, CancellationToken.None));

        error.Message.ShouldContain("could not run nines-no-such-tool");
        error.InnerException.ShouldBeOfType<ProcessStartException>();
    }

    [Fact]
    public async Task RunAsync_NetnsRunnerOverIt_PrefixesIpNetnsExec()
    {
        var processes = new ScriptedProcessRunner().On("ip");

        await new NetnsCommandRunner("h1", new ProcessCommandRunner(processes)).RunAsync("ovs-vsctl", ["show"], null, CancellationToken.None);

        processes.CommandLines.ShouldHaveSingleItem().ShouldBe(["ip", "netns", "exec", "h1", "ovs-vsctl", "show"]);
    }
}
