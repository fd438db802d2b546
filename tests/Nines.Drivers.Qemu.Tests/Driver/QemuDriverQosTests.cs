using System.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Drivers.Errors;
using Xunit.Abstractions;

namespace Nines.Drivers.Qemu.Tests.Driver;

/// <summary>vCPU threads pinned and in SCHED_FIFO on a real guest, run-time resize by the balloon, and what QEMU refuses.</summary>
[Collection(RealGuestCollection.Name)]
public sealed class QemuDriverQosTests(GuestImageFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan _boot = TimeSpan.FromSeconds(60);

    [RealGuestFact]
    public async Task Start_RealTimeAndPinning_VcpuThreadsRunSchedFifoOnTheGivenCpu()
    {
        await using var driver = await QemuDriverFactory.CreateAsync(fixture.Options("qos"), CancellationToken.None);
        await using var events = new EventRecorder(driver);
        var ct = CancellationToken.None;
        var definition = fixture.Guest("qos1") with { Qos = new QosSpec(CpuPinning: "0", RealTimePriority: 5) };
        await driver.DefineAsync(definition, ct);
        try
        {
            var started = await driver.StartAsync("qos1", ct);
            await events.WaitForAsync("qos1", VmEventKind.GuestReady, _boot);

            // QEMU runs with debug-threads off, so threads are told apart by what the driver did to them: exactly the
            // one vCPU thread is SCHED_FIFO at 5 and pinned to CPU 0; QEMU's other threads keep normal scheduling.
            var pid = started.ProcessId!.Value;
            var threads = Directory.GetDirectories($"/proc/{pid}/task").Select(Path.GetFileName).OfType<string>().ToList();
            var policies = threads.ToDictionary(t => t, t => Run("chrt", "-p", t));
            output.WriteLine(string.Join("\n", policies.Select(p => $"{p.Key}: {p.Value.Replace('\n', ' ')}")));
            var realTime = policies.Where(p => p.Value.Contains("SCHED_FIFO")).Select(p => p.Key).ToList();
            realTime.Count.ShouldBe(definition.Vcpus);
            threads.Count.ShouldBeGreaterThan(realTime.Count);
            policies[realTime[0]].ShouldContain("priority: 5");
            Run("taskset", "-pc", realTime[0]).Trim().ShouldEndWith(": 0");

            // Still a working guest under its real-time class.
            (await driver.ExecAsync("qos1", new GuestCommand("/bin/true"), ct)).ExitCode.ShouldBe(0);
        }
        finally
        {
            await driver.DestroyAsync("qos1", ct);
            await driver.RemoveAsync("qos1", ct);
        }
    }

    [RealGuestFact]
    public async Task Resize_MemoryAndPinning_BalloonTargetShowsInKpis()
    {
        await using var driver = await QemuDriverFactory.CreateAsync(fixture.Options("resize"), CancellationToken.None);
        await using var events = new EventRecorder(driver);
        var ct = CancellationToken.None;
        await driver.DefineAsync(fixture.Guest("rsz1"), ct);
        try
        {
            await driver.StartAsync("rsz1", ct);
            await events.WaitForAsync("rsz1", VmEventKind.GuestReady, _boot);
            (await driver.SampleAsync("rsz1", ct)).GuestMemory!.ActualBytes.ShouldBe(128L << 20);

            await driver.ResizeAsync("rsz1", new QosChange(MemoryLimitMiB: 96, CpuPinning: "0"), ct);

            // The guest's balloon driver gives the memory back over a moment: the KPI follows the target.
            var clock = Stopwatch.StartNew();
            long actual;
            do
            {
                actual = (await driver.SampleAsync("rsz1", ct)).GuestMemory!.ActualBytes;
                if (actual == 96L << 20)
                {
                    break;
                }

                await Task.Delay(100);
            }
            while (clock.Elapsed < TimeSpan.FromSeconds(20));
            output.WriteLine($"balloon at {actual >> 20} MiB after {clock.ElapsedMilliseconds} ms");
            actual.ShouldBe(96L << 20);
        }
        finally
        {
            await driver.DestroyAsync("rsz1", ct);
            await driver.RemoveAsync("rsz1", ct);
        }
    }

    [RealGuestFact]
    public async Task Resize_FieldsQemuCannotTake_RefusedNamingEachField()
    {
        await using var driver = await QemuDriverFactory.CreateAsync(fixture.Options("refuse"), CancellationToken.None);
        var ct = CancellationToken.None;
        await driver.DefineAsync(fixture.Guest("ref1"), ct);

        var refused = await Should.ThrowAsync<InvalidDefinitionException>(
            () => driver.ResizeAsync("ref1", new QosChange(CpuQuotaPercent: 50, PidsLimit: 10, MemoryLimitMiB: 4096, CpuPinning: "x"), ct));

        refused.Diagnostics.Select(d => d.Field).ShouldBe(
            ["vm[ref1].cpuQuotaPercent", "vm[ref1].pidsLimit", "vm[ref1].memoryLimitMiB", "vm[ref1].cpuPinning"], ignoreOrder: true);
        refused.Diagnostics.ShouldAllBe(d => d.Code == "NX7012");
        await driver.RemoveAsync("ref1", ct);
    }

    [RealGuestFact]
    public async Task Define_RealTimePriorityOutOfRange_RefusedAndNothingCreated()
    {
        await using var driver = await QemuDriverFactory.CreateAsync(fixture.Options("rtbad"), CancellationToken.None);
        var definition = fixture.Guest("rtbad1") with { Qos = new QosSpec(RealTimePriority: 120) };

        var refused = await Should.ThrowAsync<InvalidDefinitionException>(() => driver.DefineAsync(definition, CancellationToken.None));

        refused.Diagnostics.ShouldContain(d => d.Field == "vm[rtbad1].qos.realTimePriority" && d.Message.Contains("out of range"));
        Directory.Exists(Path.Combine(driver.StateDirectory, "rtbad1")).ShouldBeFalse();
    }

    private static string Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }
}
