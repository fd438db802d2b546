using System.Globalization;
using Nines.Drivers.Container.Cgroups;

namespace Nines.Drivers.Container.RealTime;

/// <summary>
/// Whether an instance's cgroup can be given real-time CPU time (cgroup v1 with RT group scheduling): a SCHED_FIFO task
/// cannot join a group whose <c>cpu.rt_runtime_us</c> is 0, and a group gets runtime only out of what its parent has
/// not handed to other children. The driver owns the instances' parent (<c>CgroupParent</c>) and raises it at start
/// (<see cref="InstanceCgroup.SetRealTimeRuntime"/>), but never the parent's own ancestors, which belong to the
/// administrator: so the time must be free in the parent, or free in the grandparent to raise the parent by.
/// </summary>
internal static class RealTimeBudget
{
    /// <summary>
    /// Why <paramref name="runtimeMicroseconds"/> per second cannot be had under <paramref name="cgroupParent"/>, or null
    /// when it can (or the host has no RT group scheduling: v2, or no <c>cpu.rt_runtime_us</c>).
    /// </summary>
    public static string? Refusal(CgroupLayout layout, string cgroupParent, string instanceId, int runtimeMicroseconds)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.Version == 2 || !File.Exists(Path.Combine(layout.Directory("cpu", string.Empty), "cpu.rt_runtime_us")))
        {
            return null;
        }

        var parent = layout.Directory("cpu", cgroupParent);
        var instance = Path.Combine(parent, instanceId);
        var parentRuntime = Runtime(parent);
        var parentFree = parentRuntime - ChildrenRuntime(parent, except: instance);
        if (parentFree >= runtimeMicroseconds)
        {
            return null;
        }

        var grandparent = Path.GetDirectoryName(parent)!;
        var raise = runtimeMicroseconds - parentFree;
        var grandparentFree = Runtime(grandparent) - ChildrenRuntime(grandparent, except: null);
        return grandparentFree >= raise
            ? null
            : $"cgroup {parent} has {Math.Max(parentFree, 0)} µs/s of real-time CPU time free and its parent {grandparent} "
                + $"{Math.Max(grandparentFree, 0)} µs/s to raise it by (cpu.rt_runtime_us), below the {runtimeMicroseconds} µs/s an instance needs";
    }

    private static long ChildrenRuntime(string directory, string? except) =>
        Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory).Where(d => d != except).Sum(Runtime)
            : 0;

    /// <summary>A group's <c>cpu.rt_runtime_us</c>; a group not made yet has none (-1, unlimited, only at the root).</summary>
    private static long Runtime(string directory)
    {
        var file = Path.Combine(directory, "cpu.rt_runtime_us");
        if (!File.Exists(file))
        {
            return 0;
        }

        var value = long.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);
        return value < 0 ? long.MaxValue / 2 : value;
    }
}
