using Nines.Testing;

namespace Nines.Drivers.Container.Tests.Support;

/// <summary>A root fact that needs cgroup v1 real-time group scheduling (<c>cpu.rt_runtime_us</c> in the cpu hierarchy).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresRtGroupSchedulingFactAttribute : FactAttribute
{
    public RequiresRtGroupSchedulingFactAttribute()
    {
        var root = new RequiresRootFactAttribute();
        if (root.Skip is not null)
        {
            Skip = root.Skip;
        }
        else if (!File.Exists("/sys/fs/cgroup/cpu/cpu.rt_runtime_us"))
        {
            Skip = TestRequirements.SkipReason("no cgroup v1 real-time group scheduling (CONFIG_RT_GROUP_SCHED, /sys/fs/cgroup/cpu/cpu.rt_runtime_us)");
        }
    }
}
