using System.Diagnostics;
using System.Text;
using Nines.Drivers.Qemu.GuestAgent;
using Nines.Drivers.Qemu.Qmp;
using Nines.Drivers.Qemu.Tests.Driver;
using Nines.Drivers.Qemu.Tests.Fakes;

namespace Nines.Drivers.Qemu.Tests.GuestAgent;

/// <summary>The guest agent client against a real guest booted under QEMU (TCG: no KVM assumed).</summary>
[Collection(RealGuestCollection.Name)]
public sealed class GuestAgentClientRealGuestTests(GuestImageFixture fixture)
{
    private static readonly TimeSpan _bootTimeout = TimeSpan.FromSeconds(90);

    private sealed class BootedGuest(UnixSocketDirectory directory, QemuTestProcess qemu, QmpClient qmp, GuestAgentClient agent) : IAsyncDisposable
    {
        public QemuTestProcess Qemu => qemu;

        public QmpClient Qmp => qmp;

        public GuestAgentClient Agent => agent;

        public string ConsoleLog => File.Exists(directory.SocketPath("console.log")) ? File.ReadAllText(directory.SocketPath("console.log")) : "";

        public async ValueTask DisposeAsync()
        {
            await agent.DisposeAsync();
            await qmp.DisposeAsync();
            await qemu.DisposeAsync();
            directory.Dispose();
        }
    }

    private async Task<BootedGuest> BootAsync()
    {
        var image = fixture.Image.Directory;
        var directory = new UnixSocketDirectory();
        var qmpSocket = directory.SocketPath("qmp.sock");
        var agentSocket = directory.SocketPath("qga.sock");
        var qemu = await QemuTestProcess.StartAsync(
            [
                "-machine", "pc", "-accel", "tcg", "-m", "128", "-nodefaults", "-display", "none", "-no-reboot",
                "-kernel", Path.Combine(image, "vmlinux"), "-initrd", Path.Combine(image, "initramfs.cpio.gz"),
                "-append", "console=ttyS0 no_timer_check panic=-1 quiet",
                "-serial", $"file:{directory.SocketPath("console.log")}",
                "-qmp", $"unix:{qmpSocket},server=on,wait=off",
                "-chardev", $"socket,path={agentSocket},server=on,wait=off,id=qga0",
                "-device", "virtio-serial", "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
            ],
            agentSocket,
            TimeSpan.FromSeconds(20));
        QmpClient? qmp = null;
        GuestAgentClient? agent = null;
        try
        {
            qmp = await QmpClient.ConnectAsync(qmpSocket, null, CancellationToken.None);
            agent = await GuestAgentClient.ConnectAsync(agentSocket, new GuestAgentClientOptions { SyncTimeout = TimeSpan.FromSeconds(1) }, CancellationToken.None);
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    await agent.PingAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
                    return new BootedGuest(directory, qemu, qmp, agent);
                }
                catch (GuestAgentTimeoutException) when (clock.Elapsed < _bootTimeout && !qemu.HasExited)
                {
                    // Still booting: the agent is not running yet.
                }
            }
        }
        catch (Exception e)
        {
            var console = File.Exists(directory.SocketPath("console.log")) ? File.ReadAllText(directory.SocketPath("console.log")) : "";
            if (agent is not null)
            {
                await agent.DisposeAsync();
            }

            if (qmp is not null)
            {
                await qmp.DisposeAsync();
            }

            await qemu.DisposeAsync();
            directory.Dispose();
            throw new InvalidOperationException($"the guest agent did not answer within {_bootTimeout}: {e.Message}\nconsole:\n{console}\nqemu stderr:\n{qemu.Stderr}", e);
        }
    }

    [RealGuestFact]
    public async Task GuestAgent_BootedGuest_PingsExecsListsInterfacesAndTransfersFiles()
    {
        await using var guest = await BootAsync();
        var agent = guest.Agent;

        var info = await agent.GetInfoAsync(CancellationToken.None);
        info.Commands.ShouldContain(c => c.Name == "guest-exec");

        var result = await agent.ExecAsync(GuestExecRequest.Shell("echo out; echo err >&2; exit 3"), TimeSpan.FromSeconds(30), CancellationToken.None);
        result.ShouldBe(new GuestAgentExecResult(3, "out\n", "err\n", null), guest.ConsoleLog);

        var stdin = await agent.ExecAsync(new GuestExecRequest("/bin/sh", ["-c", "tr a-z A-Z"], Stdin: Encoding.UTF8.GetBytes("piped")), TimeSpan.FromSeconds(30), CancellationToken.None);
        stdin.Stdout.ShouldBe("PIPED");

        var interfaces = await agent.GetNetworkInterfacesAsync(CancellationToken.None);
        interfaces.ShouldContain(i => i.Name == "lo");

        var content = new byte[150_000];
        new Random(7).NextBytes(content);
        await agent.WriteFileAsync("/tmp/nines-test.bin", content, "w", CancellationToken.None);
        var size = await agent.ExecAsync(GuestExecRequest.Shell("wc -c < /tmp/nines-test.bin"), TimeSpan.FromSeconds(30), CancellationToken.None);
        size.Stdout.Trim().ShouldBe("150000");
        (await agent.ReadFileAsync("/tmp/nines-test.bin", 1 << 20, CancellationToken.None)).ShouldBe(content);

        var timeout = await Should.ThrowAsync<GuestExecTimeoutException>(
            agent.ExecAsync(GuestExecRequest.Shell("sleep 30"), TimeSpan.FromSeconds(1), CancellationToken.None));
        timeout.CommandLine.ShouldContain("sleep 30");
        await agent.PingAsync(null, CancellationToken.None);
    }

    [RealGuestFact]
    public async Task ShutdownAsync_BootedGuest_GuestPowersOffAndQemuExits()
    {
        await using var guest = await BootAsync();

        var outcome = await guest.Agent.ShutdownAsync(GuestShutdownMode.Powerdown, TimeSpan.FromSeconds(5), CancellationToken.None);

        outcome.ShouldBeOneOf(GuestShutdownOutcome.NoReply, GuestShutdownOutcome.ConnectionClosed, GuestShutdownOutcome.Acknowledged);
        (await guest.Qemu.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue($"QEMU still runs after guest-shutdown; console:\n{guest.ConsoleLog}");
        await guest.Qmp.Terminated.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
