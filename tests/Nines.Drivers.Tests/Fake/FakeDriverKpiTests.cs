namespace Nines.Drivers.Tests.Fake;

public class FakeDriverKpiTests
{
    private const long MiB = 1024 * 1024;
    [Fact]
    public async Task SampleAsync_AfterTenRunningSeconds_FiguresFollowTheClock()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm();
        await f.RunningAsync(vm);

        f.Clock.Advance(TimeSpan.FromSeconds(10));
        var kpis = await f.Driver.SampleAsync(vm.Id, CancellationToken.None);

        kpis.State.ShouldBe(VmState.Running);
        kpis.SampledAt.ShouldBe(f.Clock.GetUtcNow());
        kpis.Uptime.ShouldBe(TimeSpan.FromSeconds(10));
        kpis.Vcpus.ShouldBe(1);
        kpis.HostCpuPercent.ShouldBe(5);
        kpis.RssBytes.ShouldBe((16 + 40 + 24) * MiB);
        kpis.GuestMemory.ShouldBe(new GuestMemoryKpis(128 * MiB, (128 - 56) * MiB, 128 * MiB));
        kpis.Nics.ShouldBe([new NicKpis(1, 10_000, 10_000, 100, 100)]);
        kpis.Disks.ShouldBe([new DiskKpis("vda", 640 * 1024, 160 * 1024, 160, 40)]);
        kpis.HeartbeatAge.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task SampleAsync_PausedFiveSeconds_CountersStillUptimeGrows()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm();
        await f.RunningAsync(vm);
        f.Clock.Advance(TimeSpan.FromSeconds(2));
        await f.Driver.PauseAsync(vm.Id, CancellationToken.None);

        f.Clock.Advance(TimeSpan.FromSeconds(5));
        var kpis = await f.Driver.SampleAsync(vm.Id, CancellationToken.None);

        kpis.Uptime.ShouldBe(TimeSpan.FromSeconds(7));
        kpis.HostCpuPercent.ShouldBe(0);
        kpis.Nics.Single().ReceivedBytes.ShouldBe(2_000);
        kpis.HeartbeatAge.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SampleAsync_Stopped_NoProcessFiguresNull()
    {
        await using var f = new FakeDriverFixture();
        var vm = FakeDriverFixture.Vm();
        await f.RunningAsync(vm);
        f.Clock.Advance(TimeSpan.FromSeconds(3));
        await f.Driver.DestroyAsync(vm.Id, CancellationToken.None);

        var kpis = await f.Driver.SampleAsync(vm.Id, CancellationToken.None);

        kpis.State.ShouldBe(VmState.Stopped);
        kpis.Uptime.ShouldBe(TimeSpan.Zero);
        kpis.HostCpuPercent.ShouldBeNull();
        kpis.RssBytes.ShouldBeNull();
        kpis.GuestMemory.ShouldBeNull();
        kpis.Nics.Single().TransmittedBytes.ShouldBe(3_000);
    }
}
