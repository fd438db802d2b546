using System.Security.Cryptography;
using Nines.Domain.Scenarios;
using Nines.Drivers.Container.Tests.Support;
using Nines.Drivers.Errors;

namespace Nines.Drivers.Container.Tests.RealTime;

/// <summary>
/// SCHED_FIFO refused by the host for real: the instances' cgroup parent sits under a group an administrator gave no
/// real-time CPU time (cgroup v1 <c>cpu.rt_runtime_us</c> = 0), where the kernel refuses both the runtime and a
/// SCHED_FIFO task. Define must say so, naming the field, and create nothing.
/// </summary>
public sealed class RealTimeRefusalTests
{
    private const string CpuRoot = "/sys/fs/cgroup/cpu";

    [RequiresRtGroupSchedulingFact]
    public async Task DefineAsync_CgroupParentUnderGroupWithoutRtRuntime_RefusedAndNothingCreated()
    {
        var admin = $"nines-rt-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var adminDirectory = Path.Combine(CpuRoot, admin);
        Directory.CreateDirectory(adminDirectory);
        try
        {
            (await File.ReadAllTextAsync(Path.Combine(adminDirectory, "cpu.rt_runtime_us"))).Trim().ShouldBe("0", "a new group has no real-time time");
            await using var host = await ContainerTestHost.StartAsync(o => o with { CgroupParent = $"{admin}/instances" });
            var definition = ContainerTestHost.Instance("rt3") with { Qos = new QosSpec(RealTimePriority: 10) };

            var error = await Should.ThrowAsync<InvalidDefinitionException>(() => host.Driver.DefineAsync(definition, CancellationToken.None));

            var diagnostic = error.Diagnostics.Single();
            diagnostic.Code.ShouldBe("NX7203");
            diagnostic.Field.ShouldBe("vm[rt3].qos.realTimePriority");
            diagnostic.Message.ShouldContain($"{adminDirectory} 0 µs/s to raise it by");
            Directory.Exists(Path.Combine(host.Driver.StateDirectory, "rt3")).ShouldBeFalse("no run directory");
            Directory.EnumerateDirectories(adminDirectory).ShouldBeEmpty("no cgroup");
            await Should.ThrowAsync<VmNotFoundException>(() => host.Driver.InspectAsync("rt3", CancellationToken.None));

            // Without the priority the same instance is accepted under that parent: only real-time was refused.
            (await host.Driver.DefineAsync(ContainerTestHost.Instance("rt3"), CancellationToken.None)).State.ShouldBe(VmState.Defined);
            await host.Driver.RemoveAsync("rt3", CancellationToken.None);
        }
        finally
        {
            foreach (var directory in Directory.Exists(adminDirectory) ? Directory.EnumerateDirectories(adminDirectory) : [])
            {
                Directory.Delete(directory);
            }

            Directory.Delete(adminDirectory);
        }
    }
}
