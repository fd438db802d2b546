using Nines.Drivers.Qemu.Qmp;
using Nines.Drivers.Qemu.Tests.Fakes;

namespace Nines.Drivers.Qemu.Tests.Qmp;

public sealed class QmpClientCommandsTests
{
    private static readonly TimeSpan _testTimeout = TimeSpan.FromSeconds(10);

    private static async Task<(FakeQmpServer Server, QmpClient Client)> StartAsync(string command, string reply)
    {
        var server = new FakeQmpServer();
        server.Script(command, _ => reply);
        return (server, await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None));
    }

    [Fact]
    public async Task QueryStatusAsync_Paused_ReturnsRunStateAndRunning()
    {
        var (server, client) = await StartAsync("query-status", """{"running": false, "singlestep": false, "status": "paused"}""");
        await using var _ = server;
        await using var __ = client;

        (await client.QueryStatusAsync(CancellationToken.None)).ShouldBe(new QmpStatus(false, "paused"));
    }

    [Fact]
    public async Task QueryCpusFastAsync_TwoCpus_ReturnsThreadIds()
    {
        var (server, client) = await StartAsync("query-cpus-fast", """
            [{"thread-id": 4242, "props": {"core-id": 0, "thread-id": 0, "socket-id": 0}, "qom-path": "/machine/unattached/device[0]", "cpu-index": 0, "target": "x86_64"},
             {"thread-id": 4243, "props": {"core-id": 0, "thread-id": 0, "socket-id": 1}, "qom-path": "/machine/unattached/device[1]", "cpu-index": 1, "target": "x86_64"}]
            """);
        await using var _ = server;
        await using var __ = client;

        var cpus = await client.QueryCpusFastAsync(CancellationToken.None);

        cpus.ShouldBe([new QmpCpu(0, 4242, "/machine/unattached/device[0]"), new QmpCpu(1, 4243, "/machine/unattached/device[1]")]);
    }

    [Fact]
    public async Task QueryBlockStatsAsync_OneDisk_ReturnsCounters()
    {
        var (server, client) = await StartAsync("query-blockstats", """
            [{"device": "disk0", "node-name": "n0", "qdev": "/machine/peripheral/d0/virtio-backend",
              "stats": {"rd_bytes": 1024, "wr_bytes": 2048, "rd_operations": 3, "wr_operations": 4, "flush_operations": 5, "idle_time_ns": 9}}]
            """);
        await using var _ = server;
        await using var __ = client;

        (await client.QueryBlockStatsAsync(CancellationToken.None)).ShouldBe(
            [new QmpBlockStats("disk0", "n0", "/machine/peripheral/d0/virtio-backend", 1024, 2048, 3, 4, 5)]);
    }

    [Fact]
    public async Task QueryMigrateAsync_Active_ReturnsProgress()
    {
        var (server, client) = await StartAsync("query-migrate", """{"status": "active", "ram": {"transferred": 10, "remaining": 20, "total": 30}}""");
        await using var _ = server;
        await using var __ = client;

        var status = await client.QueryMigrateAsync(CancellationToken.None);

        status.ShouldBe(new QmpMigrationStatus("active", 10, 20, 30, null));
        status.IsFinished.ShouldBeFalse();
    }

    [Fact]
    public async Task QueryMigrateAsync_NoMigrationYet_ReportsNone()
    {
        var (server, client) = await StartAsync("query-migrate", "{}");
        await using var _ = server;
        await using var __ = client;

        (await client.QueryMigrateAsync(CancellationToken.None)).ShouldBe(new QmpMigrationStatus("none", null, null, null, null));
    }

    [Fact]
    public async Task QueryBalloonAndKvm_Replies_Parsed()
    {
        var (server, client) = await StartAsync("query-balloon", """{"actual": 134217728}""");
        server.Script("query-kvm", _ => """{"enabled": false, "present": true}""");
        await using var _ = server;
        await using var __ = client;

        (await client.QueryBalloonAsync(CancellationToken.None)).ActualBytes.ShouldBe(134217728);
        (await client.QueryKvmAsync(CancellationToken.None)).ShouldBe(new QmpKvmStatus(false, true));
    }

    [Fact]
    public async Task CommandsWithArguments_SendQemuArgumentNames()
    {
        await using var server = new FakeQmpServer();
        foreach (var command in new[] { "balloon", "migrate", "migrate-set-parameters", "device_add", "netdev_add", "device_del" })
        {
            server.Script(command, _ => "{}");
        }

        server.Script("human-monitor-command", _ => "\"ok\\r\\n\"");
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, null, CancellationToken.None);

        await client.SetBalloonAsync(64L << 20, CancellationToken.None);
        await client.MigrateAsync("exec:cat > /tmp/x", CancellationToken.None);
        await client.MigrateSetParametersAsync(new QmpMigrationParameters(DowntimeLimitMilliseconds: 300), CancellationToken.None);
        (await client.HumanMonitorCommandAsync("info status", CancellationToken.None)).ShouldBe("ok\r\n");
        await client.DeviceAddAsync("virtio-net-pci", "nic1", new Dictionary<string, string> { ["netdev"] = "net1" }, CancellationToken.None);
        await client.NetdevAddAsync("tap", "net1", new Dictionary<string, string> { ["ifname"] = "tap1" }, CancellationToken.None);
        await client.DeviceDelAsync("nic1", CancellationToken.None);

        var sent = server.Received.Skip(1).ToDictionary(r => r.Command, r => r.Arguments!.Value.GetRawText());
        sent["balloon"].ShouldBe("""{"value":67108864}""");
        sent["migrate"].ShouldBe("""{"uri":"exec:cat \u003E /tmp/x"}""");
        sent["migrate-set-parameters"].ShouldBe("""{"downtime-limit":300}""");
        sent["human-monitor-command"].ShouldBe("""{"command-line":"info status"}""");
        sent["device_add"].ShouldBe("""{"driver":"virtio-net-pci","id":"nic1","netdev":"net1"}""");
        sent["netdev_add"].ShouldBe("""{"type":"tap","id":"net1","ifname":"tap1"}""");
        sent["device_del"].ShouldBe("""{"id":"nic1"}""");
    }
}
