using System.Diagnostics;
using Nines.Processes;
using Xunit.Abstractions;

namespace Nines.Images.Tests.Integration;

/// <summary>
/// The real thing: an image built from real Debian downloads boots under QEMU, answers guest-ping through
/// its agent, and powers off on the ACPI button and on the agent's guest-shutdown.
/// </summary>
[Collection(RealImageCollection.Name)]
public sealed class RealGuestImageTests(RealImageFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan _bootTimeout = TimeSpan.FromSeconds(90);

    [RealGuestFact]
    public void BuildAsync_RealPackages_ProducesBootableFilesAndManifest()
    {
        var image = fixture.Image!;
        output.WriteLine($"build time: {fixture.BuildTime.TotalSeconds:0.0} s");
        foreach (var line in fixture.Progress)
        {
            output.WriteLine(line);
        }

        File.Exists(image.KernelPath).ShouldBeTrue();
        File.ReadAllBytes(image.KernelPath).AsSpan(0, 4).ToArray().ShouldBe(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' });
        new FileInfo(image.InitrdPath).Length.ShouldBeGreaterThan(1_000_000);
        image.KernelVersion.ShouldEndWith("-amd64");
        image.ContentHash.Length.ShouldBe(64);
        Path.GetFileName(image.Directory).ShouldBe(image.ContentHash[..16]);
        var manifest = File.ReadAllText(Path.Combine(image.Directory, "manifest.json"));
        manifest.ShouldContain("\"qemu-guest-agent\"");
        manifest.ShouldContain("\"libglib2.0-0\"");
        manifest.ShouldContain("virtio_console");
    }

    [RealGuestFact]
    public async Task BuildAsync_SecondCall_ReturnsCachedImageWithoutDownloading()
    {
        var source = new CountingPackageSource(new Packages.AptPackageSource(ProcessRunner.Default));
        var builder = new GuestImageBuilder(source, TimeProvider.System);

        var again = await builder.BuildAsync(new GuestImageOptions { CacheDirectory = fixture.CacheDirectory }, null, CancellationToken.None);

        again.ShouldBe(fixture.Image);
        source.Fetches.ShouldBe(0);
        GuestImageBuilder.TryOpen(fixture.CacheDirectory).ShouldBe(fixture.Image);
    }

    [RealGuestFact]
    public async Task Boot_BuiltImage_AnswersGuestPingAndPowersOffOnAcpiButton()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var watch = Stopwatch.StartNew();
        await using var guest = QemuGuest.Start(fixture.Image!);
        await guest.WaitForReadyAsync(_bootTimeout);
        output.WriteLine($"boot to ready: {watch.Elapsed.TotalSeconds:0.0} s (TCG)");

        using (var agent = await JsonSocket.ConnectAsync(guest.AgentSocket, cancel.Token))
        {
            await SyncAsync(agent, 4242, cancel.Token);
            await agent.SendAsync("""{"execute":"guest-ping"}""", cancel.Token);
            var ping = await agent.ReceiveAsync(cancel.Token);
            ping.ContainsKey("return").ShouldBeTrue(ping.ToJsonString());
        }

        using var qmp = await JsonSocket.ConnectAsync(guest.QmpSocket, cancel.Token);
        (await qmp.ReceiveAsync(cancel.Token)).ContainsKey("QMP").ShouldBeTrue();
        await qmp.SendAsync("""{"execute":"qmp_capabilities"}""", cancel.Token);
        (await qmp.ReceiveWithAsync("return", cancel.Token)).ContainsKey("return").ShouldBeTrue();
        watch.Restart();
        await qmp.SendAsync("""{"execute":"system_powerdown"}""", cancel.Token);

        (await guest.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue($"QEMU still running after system_powerdown; console:\n{guest.Console}");
        output.WriteLine($"ACPI power-off: {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [RealGuestFact]
    public async Task Boot_BuiltImage_PowersOffOnGuestShutdown()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var guest = QemuGuest.Start(fixture.Image!);
        await guest.WaitForReadyAsync(_bootTimeout);

        using var agent = await JsonSocket.ConnectAsync(guest.AgentSocket, cancel.Token);
        await SyncAsync(agent, 77, cancel.Token);
        await agent.SendAsync("""{"execute":"guest-shutdown","arguments":{"mode":"powerdown"}}""", cancel.Token);

        (await guest.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue($"QEMU still running after guest-shutdown; console:\n{guest.Console}");
    }

    /// <summary>guest-sync-delimited: the agent answers with 0xFF then the id, discarding anything stale before it.</summary>
    private static async Task SyncAsync(JsonSocket agent, int id, CancellationToken cancellationToken)
    {
        await agent.SendAsync($$$"""{"execute":"guest-sync-delimited","arguments":{"id":{{{id}}}}}""", cancellationToken);
        var reply = await agent.ReceiveAsync(cancellationToken);
        reply["return"]!.GetValue<int>().ShouldBe(id);
    }
}
