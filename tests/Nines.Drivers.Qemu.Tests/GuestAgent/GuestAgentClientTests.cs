using Nines.Drivers.Qemu.GuestAgent;
using Nines.Drivers.Qemu.Tests.Fakes;
using Nines.Testing;

namespace Nines.Drivers.Qemu.Tests.GuestAgent;

public sealed class GuestAgentClientTests
{
    private static readonly TimeSpan _testTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PingAsync_FreshConnection_SyncsWithRandomIdFirst()
    {
        await using var agent = new FakeGuestAgentServer();
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);
        client.NeedsSync.ShouldBeTrue();

        await client.PingAsync(null, CancellationToken.None);
        await client.PingAsync(null, CancellationToken.None);

        agent.Received.Select(r => r.Command).ShouldBe(["guest-sync-delimited", "guest-ping", "guest-ping"]);
        agent.Received[0].Argument("id").GetInt64().ShouldBeGreaterThan(0);
        client.NeedsSync.ShouldBeFalse();
    }

    [Fact]
    public async Task SyncAsync_StaleRepliesAndGarbageBeforeSentinel_Skipped()
    {
        await using var agent = new FakeGuestAgentServer();
        // A stale reply, a stale sync reply with someone else's id after its own sentinel, and half a message.
        agent.StaleBytesBeforeSync = [.. "{\"return\": {\"old\": 1}}\n"u8, 0xFF, .. "{\"return\": 7}\n{\"retu"u8, 0x00, 0xC3];
        agent.Script("guest-info", _ => FakeGuestAgentServer.Return("""{"version": "7.2.0", "supported_commands": [{"enabled": true, "name": "guest-ping", "success-response": true}, {"enabled": false, "name": "guest-shutdown", "success-response": false}]}"""));
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        var info = await client.GetInfoAsync(CancellationToken.None);

        info.Version.ShouldBe("7.2.0");
        info.Commands.ShouldBe([new GuestAgentCommandInfo("guest-ping", true, true), new GuestAgentCommandInfo("guest-shutdown", false, false)]);
    }

    [Fact]
    public async Task ExecuteAsync_NoReplyWithinOurTimeout_ThrowsTimeoutAndResyncsBeforeNextCommand()
    {
        var time = new FakeTimeProvider();
        await using var agent = new FakeGuestAgentServer();
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, new GuestAgentClientOptions { TimeProvider = time }, CancellationToken.None);
        await client.SyncAsync(CancellationToken.None);

        var slow = client.ExecuteAsync("guest-fsfreeze-freeze", null, TimeSpan.FromSeconds(5), CancellationToken.None);
        await agent.NextRequestAsync();
        time.Advance(TimeSpan.FromSeconds(6));
        var error = await Should.ThrowAsync<GuestAgentTimeoutException>(slow.WaitAsync(_testTimeout));
        error.Command.ShouldBe("guest-fsfreeze-freeze");
        client.NeedsSync.ShouldBeTrue();

        // The late reply must not be taken for the next command's.
        await agent.SendLineAsync(FakeGuestAgentServer.Return("3"));
        agent.Script("guest-get-time", _ => FakeGuestAgentServer.Return("1767225600000000000"));
        (await client.GetTimeAsync(CancellationToken.None).WaitAsync(_testTimeout)).ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        agent.Received.Count(r => r.Command == "guest-sync-delimited").ShouldBe(2);
    }

    [Fact]
    public async Task ExecuteAsync_AgentNotRunning_SyncTimesOutThenSucceedsLater()
    {
        var time = new FakeTimeProvider();
        await using var agent = new FakeGuestAgentServer { SyncsToIgnore = 1 };
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, new GuestAgentClientOptions { TimeProvider = time }, CancellationToken.None);

        var first = client.PingAsync(null, CancellationToken.None);
        while (agent.Received.Count == 0)
        {
            await Task.Delay(5);
        }

        time.Advance(TimeSpan.FromSeconds(4));
        (await Should.ThrowAsync<GuestAgentTimeoutException>(first.WaitAsync(_testTimeout))).Command.ShouldBe("guest-sync-delimited");

        await client.PingAsync(null, CancellationToken.None).WaitAsync(_testTimeout);
        agent.Received.Select(r => r.Command).ShouldBe(["guest-sync-delimited", "guest-sync-delimited", "guest-ping"]);
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancels_ThrowsOperationCanceledAndResyncsLater()
    {
        await using var agent = new FakeGuestAgentServer();
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);
        using var caller = new CancellationTokenSource();

        var call = client.ExecuteAsync("guest-fstrim", null, null, caller.Token);
        await agent.NextRequestAsync();
        await caller.CancelAsync();

        var error = await Should.ThrowAsync<OperationCanceledException>(call.WaitAsync(_testTimeout));
        error.ShouldNotBeAssignableTo<TimeoutException>();
        client.NeedsSync.ShouldBeTrue();
        await client.PingAsync(null, CancellationToken.None).WaitAsync(_testTimeout);
    }

    [Fact]
    public async Task ExecuteAsync_ErrorReply_ThrowsTypedExceptionAndStaysInStep()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("guest-fsfreeze-status", _ => FakeGuestAgentServer.Error("CommandNotFound", "The command guest-fsfreeze-status has not been found"));
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        var error = await Should.ThrowAsync<GuestAgentCommandException>(client.ExecuteAsync("guest-fsfreeze-status", null, null, CancellationToken.None));

        error.ErrorClass.ShouldBe("CommandNotFound");
        error.Command.ShouldBe("guest-fsfreeze-status");
        client.NeedsSync.ShouldBeFalse();
    }

    [Fact]
    public async Task ExecuteAsync_SocketClosedMidCommand_FailsWithFirstReasonNowAndLater()
    {
        await using var agent = new FakeGuestAgentServer();
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);
        await client.SyncAsync(CancellationToken.None);

        var call = client.ExecuteAsync("guest-fstrim", null, null, CancellationToken.None);
        await agent.NextRequestAsync();
        agent.CloseConnection();

        var first = await Should.ThrowAsync<GuestAgentConnectionBrokenException>(call.WaitAsync(_testTimeout));
        first.Reason.ShouldStartWith("QEMU closed the guest agent socket");
        client.Break("later", null);
        var later = await Should.ThrowAsync<GuestAgentConnectionBrokenException>(client.PingAsync(null, CancellationToken.None));
        later.Reason.ShouldBe(first.Reason);
        client.BrokenReason.ShouldBe(first.Reason);
    }

    [Fact]
    public async Task ExecuteAsync_MalformedReply_ThrowsProtocolErrorAndRecoversByResync()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("guest-get-host-name", _ => "{\"return\": oops}");
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        await Should.ThrowAsync<GuestAgentProtocolException>(client.ExecuteAsync("guest-get-host-name", null, null, CancellationToken.None));

        client.BrokenReason.ShouldBeNull();
        client.NeedsSync.ShouldBeTrue();
        await client.PingAsync(null, CancellationToken.None).WaitAsync(_testTimeout);
    }

    [Fact]
    public async Task DisposeAsync_ThenCommand_FailsAsClosed()
    {
        await using var agent = new FakeGuestAgentServer();
        var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        await client.DisposeAsync();

        (await Should.ThrowAsync<GuestAgentConnectionBrokenException>(client.PingAsync(null, CancellationToken.None))).Reason.ShouldBe("the client was closed");
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentCallers_SerializedOneAtATime()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("echo", r => FakeGuestAgentServer.Return(r.Argument("n").GetRawText()));
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        var calls = Enumerable.Range(0, 50).Select(n => Task.Run(() => client.ExecuteAsync("echo", new { n }, null, CancellationToken.None))).ToArray();
        var results = await Task.WhenAll(calls).WaitAsync(_testTimeout);

        results.Select(r => r.GetInt32()).ShouldBe(Enumerable.Range(0, 50));
    }

    [Fact]
    public async Task GetNetworkInterfacesAsync_Reply_ParsesAddressesAndCounters()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("guest-network-get-interfaces", _ => FakeGuestAgentServer.Return("""
            [{"name": "lo", "ip-addresses": [{"ip-address-type": "ipv4", "ip-address": "127.0.0.1", "prefix": 8}], "hardware-address": "00:00:00:00:00:00"},
             {"name": "eth0", "hardware-address": "52:54:00:12:34:56",
              "ip-addresses": [{"ip-address-type": "ipv4", "ip-address": "10.0.0.2", "prefix": 24}, {"ip-address-type": "ipv6", "ip-address": "fe80::1", "prefix": 64}],
              "statistics": {"tx-packets": 4, "tx-errs": 0, "rx-bytes": 1000, "rx-dropped": 1, "rx-packets": 10, "rx-errs": 0, "tx-bytes": 400, "tx-dropped": 0}}]
            """.Replace('\n', ' ')));
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        var interfaces = await client.GetNetworkInterfacesAsync(CancellationToken.None);

        interfaces.Select(i => i.Name).ShouldBe(["lo", "eth0"]);
        interfaces[0].Statistics.ShouldBeNull();
        interfaces[1].HardwareAddress.ShouldBe("52:54:00:12:34:56");
        interfaces[1].Addresses.ShouldBe([new GuestIpAddress("ipv4", "10.0.0.2", 24), new GuestIpAddress("ipv6", "fe80::1", 64)]);
        interfaces[1].Statistics.ShouldBe(new GuestInterfaceStatistics(1000, 10, 0, 1, 400, 4, 0, 0));
    }

    [Fact]
    public async Task SetTimeAsync_Time_SendsNanosecondsSinceEpoch()
    {
        await using var agent = new FakeGuestAgentServer();
        agent.Script("guest-set-time", _ => FakeGuestAgentServer.Return("{}"));
        await using var client = await GuestAgentClient.ConnectAsync(agent.SocketPath, null, CancellationToken.None);

        await client.SetTimeAsync(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero), CancellationToken.None);

        agent.Received.Last().Argument("time").GetInt64().ShouldBe(1_767_225_601_000_000_000);
    }
}
