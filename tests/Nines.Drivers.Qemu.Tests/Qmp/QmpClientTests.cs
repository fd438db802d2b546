using System.Text.Json;
using Nines.Drivers.Qemu.Qmp;
using Nines.Drivers.Qemu.Tests.Fakes;
using Nines.Testing;

namespace Nines.Drivers.Qemu.Tests.Qmp;

public sealed class QmpClientTests
{
    private static readonly TimeSpan _testTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConnectAsync_Greeting_ExposesVersionAndCapabilitiesAndNegotiates()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        client.Greeting.Version.ShouldBe(new QemuVersion(7, 2, 1, "Debian 1:7.2+dfsg-7"));
        client.Greeting.Capabilities.ShouldBe(["oob"]);
        client.State.ShouldBe(QmpClientState.Ready);
        server.Received.Select(r => r.Command).ShouldBe(["qmp_capabilities"]);
        server.Received[0].Arguments.ShouldBeNull();
    }

    [Fact]
    public async Task ConnectAsync_CapabilitiesRefused_ThrowsCommandExceptionAndClosesConnection()
    {
        await using var server = new FakeQmpServer();
        server.Unscript("qmp_capabilities");
        var connect = QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);
        await server.ReplyErrorAsync(await server.NextRequestAsync(), "GenericError", "capabilities negotiation is already complete");

        var error = await Should.ThrowAsync<QmpCommandException>(connect);

        error.Command.ShouldBe("qmp_capabilities");
        error.ErrorClass.ShouldBe("GenericError");
    }

    [Fact]
    public async Task ConnectAsync_PeerNeverGreets_ThrowsQmpTimeoutException()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeQmpServer(greeting: null);
        var connect = QmpClient.ConnectAsync(server.SocketPath, new QmpClientOptions { TimeProvider = time }, CancellationToken.None);
        await server.Connected.WaitAsync(_testTimeout);

        time.Advance(TimeSpan.FromSeconds(11));

        var error = await Should.ThrowAsync<QmpTimeoutException>(connect.WaitAsync(_testTimeout));
        error.Timeout.ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ConnectAsync_GreetingIsNotQmp_ThrowsBrokenWithReason()
    {
        await using var server = new FakeQmpServer(greeting: """{"hello": "world"}""");

        var error = await Should.ThrowAsync<QmpConnectionBrokenException>(
            QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None).WaitAsync(_testTimeout));

        error.Reason.ShouldContain("expected a QMP greeting");
    }

    [Fact]
    public async Task ExecuteAsync_RepliesOutOfOrder_EachCallerGetsItsOwnReply()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        var first = client.ExecuteAsync("query-a", null, null, CancellationToken.None);
        var second = client.ExecuteAsync("query-b", null, null, CancellationToken.None);
        var third = client.ExecuteAsync("query-c", null, null, CancellationToken.None);
        var requests = new[] { await server.NextRequestAsync(), await server.NextRequestAsync(), await server.NextRequestAsync() };
        requests.Select(r => r.IdJson).Distinct().Count().ShouldBe(3);
        foreach (var request in requests.Reverse())
        {
            await server.ReplyAsync(request, $$"""{"answer": "{{request.Command}}"}""");
        }

        (await first.WaitAsync(_testTimeout)).GetProperty("answer").GetString().ShouldBe("query-a");
        (await second.WaitAsync(_testTimeout)).GetProperty("answer").GetString().ShouldBe("query-b");
        (await third.WaitAsync(_testTimeout)).GetProperty("answer").GetString().ShouldBe("query-c");
    }

    [Fact]
    public async Task ExecuteAsync_EventsInterleavedWithReplies_ReplyReturnedAndEventsStreamedInOrder()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        var stop = client.ExecuteAsync("stop", null, null, CancellationToken.None);
        var request = await server.NextRequestAsync();
        await server.SendEventAsync("STOP", "{}", seconds: 1_767_225_600, microseconds: 250_000);
        await server.ReplyAsync(request, "{}");
        await server.SendEventAsync("WATCHDOG", """{"action": "reset"}""");
        await server.SendEventAsync("SOMETHING_NEW_IN_QEMU_11", """{"x": 1}""");

        (await stop.WaitAsync(_testTimeout)).ValueKind.ShouldBe(JsonValueKind.Object);
        var events = new List<QmpEvent>();
        for (var i = 0; i < 3; i++)
        {
            events.Add(await client.Events.ReadAsync().AsTask().WaitAsync(_testTimeout));
        }

        events.Select(e => e.Name).ShouldBe(["STOP", "WATCHDOG", "SOMETHING_NEW_IN_QEMU_11"]);
        events[0].Timestamp.ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 250, TimeSpan.Zero));
        events[1].GetDataString("action").ShouldBe("reset");
        events[2].Data.GetProperty("x").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task ExecuteAsync_EventWithoutDataOrTimestamp_PassedThroughWithEmptyDataAndClockTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, new QmpClientOptions { TimeProvider = time }, CancellationToken.None);

        await server.SendRawAsync("""{"event": "POWERDOWN"}""" + "\n");

        var powerdown = await client.Events.ReadAsync().AsTask().WaitAsync(_testTimeout);
        powerdown.Name.ShouldBe("POWERDOWN");
        powerdown.Data.ValueKind.ShouldBe(JsonValueKind.Object);
        powerdown.Timestamp.ShouldBe(time.GetUtcNow());
    }

    [Fact]
    public async Task ExecuteAsync_ErrorReply_ThrowsTypedCommandException()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        var call = client.ExecuteAsync("device_del", new { id = "nic9" }, null, CancellationToken.None);
        var request = await server.NextRequestAsync();
        await server.ReplyErrorAsync(request, "DeviceNotFound", "Device 'nic9' not found");

        var error = await Should.ThrowAsync<QmpCommandException>(call.WaitAsync(_testTimeout));
        error.ErrorClass.ShouldBe("DeviceNotFound");
        error.Description.ShouldBe("Device 'nic9' not found");
        error.Command.ShouldBe("device_del");
        request.Arguments!.Value.GetProperty("id").GetString().ShouldBe("nic9");
        client.State.ShouldBe(QmpClientState.Ready);
    }

    [Fact]
    public async Task ExecuteAsync_NoReplyWithinOurTimeout_ThrowsQmpTimeoutAndStaysUsable()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, new QmpClientOptions { TimeProvider = time }, CancellationToken.None);

        var slow = client.ExecuteAsync("query-slow", null, TimeSpan.FromSeconds(2), CancellationToken.None);
        var slowRequest = await server.NextRequestAsync();
        time.Advance(TimeSpan.FromSeconds(3));

        var error = await Should.ThrowAsync<QmpTimeoutException>(slow.WaitAsync(_testTimeout));
        error.Command.ShouldBe("query-slow");
        error.Timeout.ShouldBe(TimeSpan.FromSeconds(2));

        // The late reply is dropped; the next command gets its own reply, not the stale one.
        await server.ReplyAsync(slowRequest, "\"stale\"");
        var next = client.ExecuteAsync("query-next", null, null, CancellationToken.None);
        await server.ReplyAsync(await server.NextRequestAsync(), "\"fresh\"");
        (await next.WaitAsync(_testTimeout)).GetString().ShouldBe("fresh");
        client.State.ShouldBe(QmpClientState.Ready);
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancels_ThrowsOperationCanceledNotTimeout()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, new QmpClientOptions { TimeProvider = time }, CancellationToken.None);
        using var caller = new CancellationTokenSource();

        var call = client.ExecuteAsync("query-slow", null, TimeSpan.FromSeconds(2), caller.Token);
        await server.NextRequestAsync();
        await caller.CancelAsync();

        var error = await Should.ThrowAsync<OperationCanceledException>(call.WaitAsync(_testTimeout));
        error.ShouldNotBeAssignableTo<QmpTimeoutException>();
        error.CancellationToken.ShouldBe(caller.Token);
        client.State.ShouldBe(QmpClientState.Ready);
    }

    [Fact]
    public async Task ExecuteAsync_BothTimeoutAndCallerCancelled_ReportsCallerCancellation()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, new QmpClientOptions { TimeProvider = time }, CancellationToken.None);
        using var caller = new CancellationTokenSource();

        var call = client.ExecuteAsync("query-slow", null, TimeSpan.FromSeconds(2), caller.Token);
        await server.NextRequestAsync();
        await caller.CancelAsync();
        time.Advance(TimeSpan.FromSeconds(3));

        var error = await Should.ThrowAsync<OperationCanceledException>(call.WaitAsync(_testTimeout));
        error.ShouldNotBeAssignableTo<QmpTimeoutException>();
    }

    [Fact]
    public async Task ExecuteAsync_MessagesSplitAndCoalesced_FramedByObjectBoundaries()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        var first = client.ExecuteAsync("a", null, null, CancellationToken.None);
        var second = client.ExecuteAsync("b", null, null, CancellationToken.None);
        var a = await server.NextRequestAsync();
        var b = await server.NextRequestAsync();
        // No newlines, a brace inside a string, one reply cut in the middle of a string, two messages in one write.
        var wire = $$"""{"return": {"text": "a } \" {"}, "id": {{a.IdJson}}}{"event": "RESUME"}  {"return": 7, "id": {{b.IdJson}}}""";
        var cut = wire.IndexOf("} \\\"", StringComparison.Ordinal);
        await server.SendRawAsync(wire[..cut]);
        await Task.Delay(50);
        await server.SendRawAsync(wire[cut..]);

        (await first.WaitAsync(_testTimeout)).GetProperty("text").GetString().ShouldBe("a } \" {");
        (await second.WaitAsync(_testTimeout)).GetInt32().ShouldBe(7);
        (await client.Events.ReadAsync().AsTask().WaitAsync(_testTimeout)).Name.ShouldBe("RESUME");
    }

    [Fact]
    public async Task ExecuteAsync_ManyConcurrentCallers_AllCorrelated()
    {
        await using var server = new FakeQmpServer();
        server.Script("echo", r => r.Arguments!.Value.GetProperty("n").GetRawText());
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        var calls = Enumerable.Range(0, 200)
            .Select(n => Task.Run(() => client.ExecuteAsync("echo", new { n }, null, CancellationToken.None)))
            .ToArray();
        var results = await Task.WhenAll(calls).WaitAsync(_testTimeout);

        results.Select(r => r.GetInt32()).ShouldBe(Enumerable.Range(0, 200));
    }
}
