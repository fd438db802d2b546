using Nines.Drivers.Qemu.Qmp;
using Nines.Drivers.Qemu.Tests.Fakes;

namespace Nines.Drivers.Qemu.Tests.Qmp;

/// <summary>The QMP client against a real QEMU with no guest (<c>-machine none</c>): the protocol is the real one.</summary>
public sealed class QmpClientRealQemuTests
{
    private static readonly TimeSpan _testTimeout = TimeSpan.FromSeconds(20);

    private static async Task<(UnixSocketDirectory Directory, QemuTestProcess Qemu, QmpClient Client)> StartAsync()
    {
        var directory = new UnixSocketDirectory();
        var socket = directory.SocketPath("qmp.sock");
        var qemu = await QemuTestProcess.StartAsync(
            ["-machine", "none", "-nodefaults", "-display", "none", "-qmp", $"unix:{socket},server=on,wait=off"],
            socket,
            _testTimeout);
        try
        {
            return (directory, qemu, await ConnectAsync(socket));
        }
        catch
        {
            await qemu.DisposeAsync();
            directory.Dispose();
            throw;
        }
    }

    [RequiresQemuFact]
    public async Task ConnectAsync_RealQemu_NegotiatesAndAnswersQueries()
    {
        var (directory, qemu, client) = await StartAsync();
        using var _ = directory;
        await using var __ = qemu;
        await using var ___ = client;

        client.Greeting.Version.Major.ShouldBeGreaterThanOrEqualTo(5);
        client.State.ShouldBe(QmpClientState.Ready);
        (await client.QueryVersionAsync(CancellationToken.None)).ShouldBe(client.Greeting.Version);
        (await client.QueryStatusAsync(CancellationToken.None)).ShouldBe(new QmpStatus(true, "running"));
        (await client.QueryCpusFastAsync(CancellationToken.None)).ShouldBeEmpty();
        (await client.HumanMonitorCommandAsync("info status", CancellationToken.None)).ShouldContain("running");
    }

    /// <summary>
    /// Connects once QEMU listens: it creates the socket file (bind) just before it listens, so a connect in between is
    /// refused — seen once in a loaded CI run ("Connection refused" 403 ms into the test).
    /// </summary>
    private static async Task<QmpClient> ConnectAsync(string socket)
    {
        using var deadline = new CancellationTokenSource(_testTimeout);
        while (true)
        {
            try
            {
                return await QmpClient.ConnectAsync(socket, null, CancellationToken.None);
            }
            catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused && !deadline.IsCancellationRequested)
            {
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    [RequiresQemuFact]
    public async Task StopAndContinue_RealQemu_EmitStopAndResumeEvents()
    {
        var (directory, qemu, client) = await StartAsync();
        using var _ = directory;
        await using var __ = qemu;
        await using var ___ = client;

        await client.StopAsync(CancellationToken.None);
        (await client.QueryStatusAsync(CancellationToken.None)).ShouldBe(new QmpStatus(false, "paused"));
        await client.ContinueAsync(CancellationToken.None);

        var first = await client.Events.ReadAsync().AsTask().WaitAsync(_testTimeout);
        var second = await client.Events.ReadAsync().AsTask().WaitAsync(_testTimeout);
        first.Name.ShouldBe(QmpEventNames.Stop);
        second.Name.ShouldBe(QmpEventNames.Resume);
        second.Timestamp.ShouldBeGreaterThanOrEqualTo(first.Timestamp);
        (await client.QueryStatusAsync(CancellationToken.None)).Running.ShouldBeTrue();
    }

    [RequiresQemuFact]
    public async Task ExecuteAsync_RealQemuUnknownCommand_ThrowsCommandNotFound()
    {
        var (directory, qemu, client) = await StartAsync();
        using var _ = directory;
        await using var __ = qemu;
        await using var ___ = client;

        var error = await Should.ThrowAsync<QmpCommandException>(client.ExecuteAsync("no-such-command", null, null, CancellationToken.None));

        error.ErrorClass.ShouldBe("CommandNotFound");
        client.State.ShouldBe(QmpClientState.Ready);
    }

    [RequiresQemuFact]
    public async Task QuitAsync_RealQemu_ShutdownEventThenConnectionBrokenAndProcessGone()
    {
        var (directory, qemu, client) = await StartAsync();
        using var _ = directory;
        await using var __ = qemu;
        await using var ___ = client;

        await client.QuitAsync(CancellationToken.None);

        var shutdown = await client.Events.ReadAsync().AsTask().WaitAsync(_testTimeout);
        shutdown.Name.ShouldBe(QmpEventNames.Shutdown);
        shutdown.GetDataString("reason").ShouldBe("host-qmp-quit");
        await client.Terminated.WaitAsync(_testTimeout);
        client.State.ShouldBe(QmpClientState.Broken);
        client.BrokenReason.ShouldNotBeNull().ShouldStartWith("QEMU closed the QMP connection");
        (await qemu.WaitForExitAsync(_testTimeout)).ShouldBeTrue();
        await Should.ThrowAsync<QmpConnectionBrokenException>(client.QueryStatusAsync(CancellationToken.None));
    }

    [RequiresQemuFact]
    public async Task Terminated_RealQemuKilled_BreaksPromptly()
    {
        var (directory, qemu, client) = await StartAsync();
        using var _ = directory;
        await using var __ = client;

        await qemu.DisposeAsync();

        await client.Terminated.WaitAsync(TimeSpan.FromSeconds(1));
        client.State.ShouldBe(QmpClientState.Broken);
        await client.Events.Completion.WaitAsync(_testTimeout);
    }
}
