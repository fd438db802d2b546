using System.Text.Json.Nodes;
using Nines.Drivers.Qemu.Qmp;
using Nines.Drivers.Qemu.Tests.Fakes;

namespace Nines.Drivers.Qemu.Tests.Qmp;

public sealed class QmpClientBrokenTests
{
    private static readonly TimeSpan _testTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ExecuteAsync_SocketClosedMidCommand_PendingAndLaterCommandsFailWithFirstReason()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        var pending = client.ExecuteAsync("query-status", null, null, CancellationToken.None);
        await server.NextRequestAsync();
        server.CloseConnection();

        var first = await Should.ThrowAsync<QmpConnectionBrokenException>(pending.WaitAsync(_testTimeout));
        first.Reason.ShouldBe("QEMU closed the QMP connection");
        client.State.ShouldBe(QmpClientState.Broken);
        client.BrokenReason.ShouldBe(first.Reason);
        await client.Terminated.WaitAsync(_testTimeout);

        // A later failure does not replace the first reason.
        client.Break("something later", null);
        var later = await Should.ThrowAsync<QmpConnectionBrokenException>(client.ExecuteAsync("cont", null, null, CancellationToken.None));
        later.Reason.ShouldBe(first.Reason);
    }

    [Fact]
    public async Task Events_ConnectionBreaks_StreamCompletesAfterDeliveringWhatArrived()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        await server.SendEventAsync("SHUTDOWN", """{"guest": true, "reason": "guest-shutdown"}""");
        await Task.Delay(50);
        server.CloseConnection();

        var names = new List<string>();
        await foreach (var qmpEvent in client.Events.ReadAllAsync().WithCancellation(new CancellationTokenSource(_testTimeout).Token))
        {
            names.Add(qmpEvent.Name);
        }

        names.ShouldBe(["SHUTDOWN"]);
        client.State.ShouldBe(QmpClientState.Broken);
    }

    [Fact]
    public async Task ExecuteAsync_MalformedJson_BreaksWithReasonAndFailsPending()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        var pending = client.ExecuteAsync("query-status", null, null, CancellationToken.None);
        await server.NextRequestAsync();
        await server.SendRawAsync("{\"return\": nonsense}\n");

        var error = await Should.ThrowAsync<QmpConnectionBrokenException>(pending.WaitAsync(_testTimeout));
        error.Reason.ShouldStartWith("malformed JSON from QEMU");
        error.InnerException.ShouldBeAssignableTo<System.Text.Json.JsonException>();
        client.State.ShouldBe(QmpClientState.Broken);
    }

    [Fact]
    public async Task ExecuteAsync_TopLevelValueNotAnObject_Breaks()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        await server.SendRawAsync("[1, 2]\n");

        await client.Terminated.WaitAsync(_testTimeout);
        client.BrokenReason.ShouldNotBeNull().ShouldContain("expected a JSON object");
    }

    [Fact]
    public async Task ExecuteAsync_ConnectionClosedInsideAMessage_BreaksAsTruncated()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        await server.SendRawAsync("""{"event": "STO""");
        await Task.Delay(50);
        server.CloseConnection();

        await client.Terminated.WaitAsync(_testTimeout);
        client.BrokenReason.ShouldNotBeNull().ShouldContain("in the middle of a message");
    }

    [Fact]
    public async Task ExecuteAsync_ReplyWithoutId_Breaks()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        var pending = client.ExecuteAsync("query-status", null, null, CancellationToken.None);
        await server.NextRequestAsync();
        await server.SendRawAsync("""{"error": {"class": "GenericError", "desc": "JSON parse error"}}""" + "\n");

        var error = await Should.ThrowAsync<QmpConnectionBrokenException>(pending.WaitAsync(_testTimeout));
        error.Reason.ShouldStartWith("a reply without a usable id");
    }

    [Fact]
    public async Task Break_CalledExplicitly_FailsPendingAndKeepsFirstReason()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);
        var pending = client.ExecuteAsync("query-status", null, null, CancellationToken.None);
        await server.NextRequestAsync();

        client.Break("heartbeat lost", null);
        client.Break("second reason", null);

        (await Should.ThrowAsync<QmpConnectionBrokenException>(pending.WaitAsync(_testTimeout))).Reason.ShouldBe("heartbeat lost");
        client.BrokenReason.ShouldBe("heartbeat lost");
    }

    [Fact]
    public async Task DisposeAsync_CommandPending_FailsItAsClosed()
    {
        await using var server = new FakeQmpServer();
        var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);
        var pending = client.ExecuteAsync("query-status", null, null, CancellationToken.None);
        await server.NextRequestAsync();

        await client.DisposeAsync();

        (await Should.ThrowAsync<QmpConnectionBrokenException>(pending.WaitAsync(_testTimeout))).Reason.ShouldBe("the client was closed");
        client.State.ShouldBe(QmpClientState.Closed);
    }

    [Fact]
    public async Task QuitAsync_ConnectionClosesBeforeReply_CountsAsDone()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        var quit = client.QuitAsync(CancellationToken.None);
        (await server.NextRequestAsync()).Command.ShouldBe("quit");
        server.CloseConnection();

        await quit.WaitAsync(_testTimeout);
        client.State.ShouldBe(QmpClientState.Broken);
    }

    [Fact]
    public async Task QuitAsync_AlreadyBroken_Throws()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);
        client.Break("gone", null);

        await Should.ThrowAsync<QmpConnectionBrokenException>(client.QuitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ConnectAsync_NobodyListening_ThrowsSocketException()
    {
        using var directory = new UnixSocketDirectory();

        await Should.ThrowAsync<System.Net.Sockets.SocketException>(
            QmpClient.ConnectAsync(directory.SocketPath("absent.sock"), null, CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_ArgumentsAsJsonObject_SentVerbatim()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        var call = client.ExecuteAsync("x", new JsonObject { ["command-line"] = "info \"q\"" }, null, CancellationToken.None);
        var request = await server.NextRequestAsync();
        await server.ReplyAsync(request, "{}");
        await call.WaitAsync(_testTimeout);

        request.Arguments!.Value.GetProperty("command-line").GetString().ShouldBe("info \"q\"");
    }
}
