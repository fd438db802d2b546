using System.Globalization;
using Nines.Domain.Scenarios;
using Nines.Drivers.Container.Tests.Support;

namespace Nines.Drivers.Container.Tests;

/// <summary>Real cgroup limits: memory (OOM), CPU quota, freezer, run-time resize, real-time scheduling.</summary>
public sealed class ContainerDriverLimitsTests
{
    [RequiresRootFact]
    public async Task MemoryHog_OverTheLimit_OomKilledAndReportedAsOutOfMemory()
    {
        await using var host = await ContainerTestHost.StartAsync();

        // The init itself grows a string until the 16 MiB limit: the OOM killer must take it.
        var hog = ContainerTestHost.Instance("oom1", "/bin/sh", "-c", "x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done") with { MemoryMiB = 16 };
        await host.StartAsync(hog);

        var crashed = await host.WaitForStateAsync("oom1", VmState.Crashed, TimeSpan.FromSeconds(20));

        crashed.State.ShouldBe(VmState.Crashed);
        crashed.ExitReason!.Kind.ShouldBe(VmExitKind.OutOfMemory);
        crashed.ExitReason.Signal.ShouldBe(9);
        crashed.ExitReason.Message.ShouldContain("out of memory");
    }

    [RequiresRootFact]
    public async Task CpuHog_WithA30PercentQuota_HeldToItsQuota()
    {
        await using var host = await ContainerTestHost.StartAsync();
        var hog = ContainerTestHost.Instance("cpu1", "/bin/sh", "-c", "while :; do :; done") with { Qos = new QosSpec(CpuQuotaPercent: 30) };
        await host.StartAsync(hog);
        await host.Driver.SampleAsync("cpu1", CancellationToken.None);

        await Task.Delay(TimeSpan.FromSeconds(2));
        var sample = await host.Driver.SampleAsync("cpu1", CancellationToken.None);

        // Held to its quota is an upper bound: on a loaded machine (a CI run measured 10.9 %) the hog gets less, never more.
        sample.HostCpuPercent.ShouldNotBeNull().ShouldBeInRange(0.5, 34);
        sample.Cgroup!.CpuQuotaPercent.ShouldBe(30);
    }

    [RequiresRootFact]
    public async Task PauseResume_CounterInstance_StopsWhileFrozenAndContinuesAfter()
    {
        await using var host = await ContainerTestHost.StartAsync();
        await host.StartAsync(ContainerTestHost.Instance("frz1", "/bin/sh", "-c", "i=0; while :; do i=$((i+1)); echo $i > /tmp/count.new; mv /tmp/count.new /tmp/count; sleep 0.05; done"));
        await Task.Delay(300);
        var events = host.Driver.WatchEventsAsync(CancellationToken.None).GetAsyncEnumerator();

        var paused = await host.Driver.PauseAsync("frz1", CancellationToken.None);
        var frozenAt = await ReadCounterAsync(host);
        await Task.Delay(500);
        var frozenLater = await ReadCounterAsync(host);
        await host.Driver.ResumeAsync("frz1", CancellationToken.None);
        await Task.Delay(500);
        var thawed = await ReadCounterAsync(host);

        paused.State.ShouldBe(VmState.Paused);
        frozenLater.ShouldBe(frozenAt);
        thawed.ShouldBeGreaterThan(frozenAt + 3);
        (await events.MoveNextAsync()).ShouldBeTrue();
        events.Current.Kind.ShouldBe(VmEventKind.Paused);
        (await events.MoveNextAsync()).ShouldBeTrue();
        events.Current.Kind.ShouldBe(VmEventKind.Resumed);
    }

    [RequiresRootFact]
    public async Task Resize_Running_NewLimitsVisibleInTheNextSample()
    {
        await using var host = await ContainerTestHost.StartAsync();
        await host.StartAsync(ContainerTestHost.Instance("rs1") with { Qos = new QosSpec(CpuShares: 512, CpuQuotaPercent: 50) });
        var before = await host.Driver.SampleAsync("rs1", CancellationToken.None);

        await host.Driver.ResizeAsync("rs1", new QosChange(CpuQuotaPercent: 150, CpuShares: 2048, MemoryLimitMiB: 96, PidsLimit: 20), CancellationToken.None);
        var after = await host.Driver.SampleAsync("rs1", CancellationToken.None);

        before.Cgroup!.ShouldSatisfyAllConditions(
            c => c.CpuQuotaPercent.ShouldBe(50),
            c => c.CpuShares.ShouldBe(512),
            c => c.MemoryLimitBytes.ShouldBe(64L << 20),
            c => c.PidsLimit.ShouldBe(host.Options.DefaultPidsLimit, "no limit asked for: the default"));
        after.Cgroup!.ShouldSatisfyAllConditions(
            c => c.CpuQuotaPercent.ShouldBe(150),
            c => c.CpuShares.ShouldBe(2048),
            c => c.MemoryLimitBytes.ShouldBe(96L << 20),
            c => c.PidsLimit.ShouldBe(20),
            c => c.Pids.ShouldBeGreaterThan(0));

        // The pids limit is enforced: 30 more processes cannot all start.
        var forks = await host.ShellAsync("rs1", "for i in $(seq 30); do sleep 5 & done 2>&1; wait");
        (forks.StandardOutput + forks.StandardError).ShouldContain("ork");
    }

    [RequiresRootFact]
    public async Task CpuWeight_Instances_TheirParentWeighsTheirSumSoTheyCompeteAsProcessesWould()
    {
        await using var host = await ContainerTestHost.StartAsync();
        // These machines mount cgroup v1 (the v2 branch maps shares onto cpu.weight the same way).
        var parent = Path.Combine("/sys/fs/cgroup/cpu", host.Options.CgroupParent, "cpu.shares");
        await host.StartAsync(ContainerTestHost.Instance("w1"));
        await host.StartAsync(ContainerTestHost.Instance("w2") with { Qos = new QosSpec(CpuShares: 2048) });
        var both = long.Parse(File.ReadAllText(parent).Trim(), CultureInfo.InvariantCulture);
        await host.Driver.ResizeAsync("w2", new QosChange(CpuShares: 4096), CancellationToken.None);
        var resized = long.Parse(File.ReadAllText(parent).Trim(), CultureInfo.InvariantCulture);
        await host.Driver.DestroyAsync("w2", CancellationToken.None);
        await host.Driver.RemoveAsync("w2", CancellationToken.None);
        var one = long.Parse(File.ReadAllText(parent).Trim(), CultureInfo.InvariantCulture);

        (both, resized, one).ShouldBe((1024 + 2048, 1024 + 4096, 1024));
    }

    [RequiresRootFact]
    public async Task RealTimePriority_Allowed_InitRunsSchedFifoAtThatPriority()
    {
        await using var host = await ContainerTestHost.StartAsync();
        var status = await host.StartAsync(ContainerTestHost.Instance("rt1") with { Qos = new QosSpec(RealTimePriority: 10) });

        var stat = File.ReadAllText($"/proc/{status.ProcessId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // Fields 40 (rt_priority) and 41 (policy: 1 = SCHED_FIFO) of proc(5).
        int.Parse(fields[40 - 3], CultureInfo.InvariantCulture).ShouldBe(10);
        int.Parse(fields[41 - 3], CultureInfo.InvariantCulture).ShouldBe(1);
    }

    [RequiresRootFact]
    public async Task RealTimePriority_OutOfRange_RefusedAsInvalidDefinition()
    {
        await using var host = await ContainerTestHost.StartAsync();

        var error = await Should.ThrowAsync<Errors.InvalidDefinitionException>(
            () => host.Driver.DefineAsync(ContainerTestHost.Instance("rt2") with { Qos = new QosSpec(RealTimePriority: 0) }, CancellationToken.None));

        error.Diagnostics.Single().Field.ShouldBe("vm[rt2].qos.realTimePriority");
    }

    private static async Task<int> ReadCounterAsync(ContainerTestHost host)
    {
        // Read from the host through the instance's root: an exec would join the frozen cgroup and freeze too.
        // The instance renames a finished file into place, so a freeze between truncate and write never shows
        // an empty counter.
        var init = (await host.Driver.InspectAsync("frz1", CancellationToken.None)).ProcessId;
        return int.Parse((await File.ReadAllTextAsync($"/proc/{init}/root/tmp/count")).Trim(), CultureInfo.InvariantCulture);
    }
}
