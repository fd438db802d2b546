using System.Text;
using Nines.Drivers.Qemu.GuestAgent;
using Nines.Drivers.Qemu.Tests.Fakes;

namespace Nines.Drivers.Qemu.Tests.GuestAgent;

public sealed class GuestAgentClientExecTests
{
    private static readonly TimeSpan _testTimeout = TimeSpan.FromSeconds(10);

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task ExecAsync_ProcessExits_DecodesOutputAndExitCode()
    {
        await using var agent = new FakeGuestAgentServer();
        var polls = 0;
        agent.Script("guest-exec", _ => FakeGuestAgentServer.Return("""{"pid": 77}"""));
        agent.Script("guest-exec-status", r =>
        {
            r.Argument("pid").GetInt64().ShouldBe(77);
            return ++polls < 3
                ? FakeGuestAgentServer.Return("""{"exited": false}""")
                : FakeGuestAgentServer.Return($$"""{"exitcode": 3, "out-data": "{{B64("héllo\n")}}", "err-data": "{{B64("warn")}}", "exited": true}""");
        });
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        var result = await client.ExecAsync(
            new GuestExecRequest("/bin/sh", ["-c", "cat; echo héllo"], ["LANG=C.UTF-8"], Encoding.UTF8.GetBytes("input")),
            _testTimeout,
            CancellationToken.None);

        result.ShouldBe(new GuestAgentExecResult(3, "héllo\n", "warn", null));
        result.Succeeded.ShouldBeFalse();
        polls.ShouldBe(3);
        var exec = agent.Received.Single(r => r.Command == "guest-exec");
        exec.Argument("path").GetString().ShouldBe("/bin/sh");
        exec.Argument("arg").EnumerateArray().Select(a => a.GetString()).ShouldBe(["-c", "cat; echo héllo"]);
        exec.Argument("env")[0].GetString().ShouldBe("LANG=C.UTF-8");
        Encoding.UTF8.GetString(Convert.FromBase64String(exec.Argument("input-data").GetString()!)).ShouldBe("input");
        exec.Argument("capture-output").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task ExecAsync_KilledBySignal_ReportsSignalAndShellExitCode()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("guest-exec", _ => FakeGuestAgentServer.Return("""{"pid": 5}"""));
        agent.Script("guest-exec-status", _ => FakeGuestAgentServer.Return("""{"signal": 9, "exited": true, "out-truncated": true}"""));
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        var result = await client.ExecAsync(GuestExecRequest.Shell("kill -9 $$"), _testTimeout, CancellationToken.None);

        result.ShouldBe(new GuestAgentExecResult(137, "", "", 9, OutputTruncated: true));
    }

    [Fact]
    public async Task ExecAsync_ProgramMissing_ThrowsCommandException()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("guest-exec", _ => FakeGuestAgentServer.Error("GenericError", "Guest agent command failed, error was 'Failed to execute child process “/nope” (No such file or directory)'"));
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        var error = await Should.ThrowAsync<GuestAgentCommandException>(client.ExecAsync(new GuestExecRequest("/nope", []), _testTimeout, CancellationToken.None));

        error.Command.ShouldBe("guest-exec");
        error.Description.ShouldContain("No such file");
    }

    [Fact]
    public async Task ExecAsync_StillRunningAtTimeout_ThrowsWithCommandAndOutputSoFar()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("guest-exec", _ => FakeGuestAgentServer.Return("""{"pid": 42}"""));
        agent.Script("guest-exec-status", _ => FakeGuestAgentServer.Return($$"""{"exited": false, "out-data": "{{B64("step 1\n")}}"}"""));
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        var error = await Should.ThrowAsync<GuestExecTimeoutException>(
            client.ExecAsync(GuestExecRequest.Shell("echo step 1; sleep 100"), TimeSpan.FromMilliseconds(300), CancellationToken.None).WaitAsync(_testTimeout));

        error.CommandLine.ShouldBe("/bin/sh -c 'echo step 1; sleep 100'");
        error.Pid.ShouldBe(42);
        error.StdoutSoFar.ShouldBe("step 1\n");
        error.Message.ShouldContain("sleep 100");
        await client.PingAsync(null, CancellationToken.None).WaitAsync(_testTimeout);
    }

    [Fact]
    public async Task ExecAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("guest-exec", _ => FakeGuestAgentServer.Return("""{"pid": 42}"""));
        agent.Script("guest-exec-status", _ => FakeGuestAgentServer.Return("""{"exited": false}"""));
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = await Should.ThrowAsync<OperationCanceledException>(
            client.ExecAsync(GuestExecRequest.Shell("sleep 100"), _testTimeout, caller.Token).WaitAsync(_testTimeout));

        error.ShouldNotBeAssignableTo<TimeoutException>();
    }

    [Fact]
    public async Task ShutdownAsync_NoReply_ReportsNoReply()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("guest-shutdown", _ => null);
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        var outcome = await client.ShutdownAsync(GuestShutdownMode.Powerdown, TimeSpan.FromMilliseconds(200), CancellationToken.None);

        outcome.ShouldBe(GuestShutdownOutcome.NoReply);
        agent.Received.Last().Argument("mode").GetString().ShouldBe("powerdown");
    }

    [Fact]
    public async Task ShutdownAsync_SocketClosesWhileWaiting_ReportsConnectionClosed()
    {
        await using var agent = new FakeGuestAgentServer();
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);
        await client.SyncAsync(CancellationToken.None);

        var shutdown = client.ShutdownAsync(GuestShutdownMode.Halt, _testTimeout, CancellationToken.None);
        (await agent.NextRequestAsync()).Argument("mode").GetString().ShouldBe("halt");
        agent.CloseConnection();

        (await shutdown.WaitAsync(_testTimeout)).ShouldBe(GuestShutdownOutcome.ConnectionClosed);
    }

    [Fact]
    public async Task ShutdownAsync_Acknowledged_ReportsAcknowledged()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("guest-shutdown", _ => FakeGuestAgentServer.Return("{}"));
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        (await client.ShutdownAsync(GuestShutdownMode.Reboot, _testTimeout, CancellationToken.None)).ShouldBe(GuestShutdownOutcome.Acknowledged);
    }

    [Fact]
    public async Task ShutdownAsync_Refused_ThrowsCommandException()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("guest-shutdown", _ => FakeGuestAgentServer.Error("GenericError", "Command guest-shutdown has been disabled"));
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        await Should.ThrowAsync<GuestAgentCommandException>(client.ShutdownAsync(GuestShutdownMode.Powerdown, _testTimeout, CancellationToken.None));
    }

    [Fact]
    public async Task ShutdownAsync_AgentNotRunning_ThrowsSyncTimeout()
    {
        await using var agent = new FakeGuestAgentServer { SyncsToIgnore = 1 };
        await using var client = await GuestAgentClient.ConnectAsync(
            agent.SocketPath, new GuestAgentClientOptions { SyncTimeout = TimeSpan.FromMilliseconds(200) }, CancellationToken.None);

        var error = await Should.ThrowAsync<GuestAgentTimeoutException>(client.ShutdownAsync(GuestShutdownMode.Powerdown, _testTimeout, CancellationToken.None));

        error.Command.ShouldBe("guest-sync-delimited");
        agent.Received.ShouldNotContain(r => r.Command == "guest-shutdown");
    }
}
