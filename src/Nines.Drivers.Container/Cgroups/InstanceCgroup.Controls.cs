using System.Globalization;

namespace Nines.Drivers.Container.Cgroups;

internal sealed partial class InstanceCgroup
{
    /// <summary>The v1 value meaning "no limit" for memory (the largest page-aligned signed 64-bit value).</summary>
    private const long V1Unlimited = 9223372036854771712;

    public void SetCpuShares(int shares)
    {
        if (Layout.Version == 2)
        {
            // The kernel's own mapping of v1 shares [2, 262144] onto v2 weights [1, 10000].
            Write("cpu", "cpu.weight", Text(1 + ((Math.Clamp(shares, 2, 262_144) - 2) * 9999L / 262_142)));
        }
        else
        {
            Write("cpu", "cpu.shares", Text(shares));
        }
    }

    /// <summary>
    /// Weighs the instances' parent as the sum of its instances' CPU weights (at least the default), so each instance
    /// competes with the host's own processes as one process would: a parent at the default weight would give all the
    /// instances together the share of one thread of, say, the agent (measured: a standby taking over waited a median
    /// 33 ms to be scheduled at failover, 4 ms with the parent weighed). Best effort: a failure leaves the weight as it was.
    /// </summary>
    public void WeighParent()
    {
        var (file, low, high, standard) = Layout.Version == 2 ? ("cpu.weight", 1L, 10_000L, 100L) : ("cpu.shares", 2L, 262_144L, 1024L);
        var parentDirectory = Path.GetDirectoryName(Layout.Directory("cpu", Relative))!;
        try
        {
            var sum = System.IO.Directory.EnumerateDirectories(parentDirectory)
                .Select(child => Path.Combine(child, file))
                .Where(File.Exists)
                .Sum(path => Long(File.ReadAllText(path).Trim()) ?? standard);
            File.WriteAllText(Path.Combine(parentDirectory, file), Text(Math.Clamp(Math.Max(sum, standard), low, high)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The parent keeps its weight; the instances still run.
        }
    }

    /// <summary>Caps CPU time at <paramref name="percent"/> of one CPU per period; 0 removes the cap.</summary>
    public void SetCpuQuota(int percent)
    {
        var quota = percent <= 0 ? -1 : (long)percent * CfsPeriodMicroseconds / 100;
        if (Layout.Version == 2)
        {
            Write("cpu", "cpu.max", $"{(quota < 0 ? "max" : Text(quota))} {Text(CfsPeriodMicroseconds)}");
        }
        else
        {
            Write("cpu", "cpu.cfs_period_us", Text(CfsPeriodMicroseconds));
            Write("cpu", "cpu.cfs_quota_us", Text(quota));
        }
    }

    public void SetCpuPinning(string cpus) => Write("cpuset", "cpuset.cpus", cpus);

    public void SetMemoryLimit(long bytes) =>
        Write("memory", Layout.Version == 2 ? "memory.max" : "memory.limit_in_bytes", Text(bytes));

    /// <summary>Limits the number of processes; 0 removes the limit.</summary>
    public void SetPidsLimit(int limit) => Write("pids", "pids.max", limit <= 0 ? "max" : Text(limit));

    /// <summary>
    /// Gives the group real-time CPU time (v1 with RT group scheduling): the parent first, then the group. Without
    /// it a SCHED_FIFO task cannot join the group. No-op where the files do not exist (v2, no RT group scheduling).
    /// </summary>
    public void SetRealTimeRuntime(int microsecondsPerSecond)
    {
        if (Layout.Version == 2 || !File.Exists(PathOf("cpu", "cpu.rt_runtime_us")))
        {
            return;
        }

        var parentFile = Path.Combine(Path.GetDirectoryName(Layout.Directory("cpu", Relative))!, "cpu.rt_runtime_us");
        var parentRuntime = Long(File.ReadAllText(parentFile).Trim()) ?? 0;
        var siblings = System.IO.Directory.EnumerateDirectories(Path.GetDirectoryName(parentFile)!)
            .Select(d => Long(File.ReadAllText(Path.Combine(d, "cpu.rt_runtime_us")).Trim()) ?? 0)
            .Sum();
        if (parentRuntime < siblings + microsecondsPerSecond)
        {
            File.WriteAllText(parentFile, Text(siblings + microsecondsPerSecond));
        }

        Write("cpu", "cpu.rt_runtime_us", Text(microsecondsPerSecond));
    }

    /// <summary>Freezes (or thaws) every process of the group and waits until the kernel says it is done.</summary>
    public async Task FreezeAsync(bool frozen, CancellationToken cancellationToken)
    {
        if (Layout.Version == 2)
        {
            Write("freezer", "cgroup.freeze", frozen ? "1" : "0");
            while (ReadOrNull("freezer", "cgroup.events") is { } events && events.Contains($"frozen {(frozen ? 0 : 1)}", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), time, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var wanted = frozen ? "FROZEN" : "THAWED";
        Write("freezer", "freezer.state", wanted);
        while (ReadOrNull("freezer", "freezer.state") is { } state && state != wanted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), time, cancellationToken).ConfigureAwait(false);
            Write("freezer", "freezer.state", wanted);
        }
    }

    /// <summary>True when the group is frozen (a re-attached paused instance).</summary>
    public bool IsFrozen => Layout.Version == 2
        ? ReadOrNull("freezer", "cgroup.freeze") == "1"
        : ReadOrNull("freezer", "freezer.state") == "FROZEN";

    /// <summary>The OOM kills counted in the group (v1 <c>memory.oom_control</c>, v2 <c>memory.events</c>).</summary>
    public long OomKills()
    {
        var text = ReadOrNull("memory", Layout.Version == 2 ? "memory.events" : "memory.oom_control") ?? string.Empty;
        return text.Split('\n')
            .Select(l => l.Split(' ', 2))
            .Where(p => p.Length == 2 && p[0] == "oom_kill")
            .Select(p => Long(p[1].Trim()) ?? 0)
            .FirstOrDefault();
    }

    /// <summary>Limits and counters now; null when the group is gone.</summary>
    public CgroupSnapshot? Read()
    {
        if (!Exists)
        {
            return null;
        }

        return Layout.Version == 2 ? ReadV2() : ReadV1();
    }

    private CgroupSnapshot ReadV1()
    {
        var quota = Long(ReadOrNull("cpu", "cpu.cfs_quota_us")) ?? -1;
        var period = Long(ReadOrNull("cpu", "cpu.cfs_period_us")) ?? CfsPeriodMicroseconds;
        var limit = Long(ReadOrNull("memory", "memory.limit_in_bytes"));
        return new CgroupSnapshot(
            quota < 0 ? null : (int)(quota * 100 / period),
            (int?)Long(ReadOrNull("cpu", "cpu.shares")),
            ReadOrNull("cpuset", "cpuset.cpus"),
            limit is null or >= V1Unlimited ? null : limit,
            Long(ReadOrNull("memory", "memory.usage_in_bytes")) ?? 0,
            Long(ReadOrNull("memory", "memory.max_usage_in_bytes")),
            (int)(Long(ReadOrNull("pids", "pids.current")) ?? 0),
            (int?)Long(ReadOrNull("pids", "pids.max")),
            OomKills(),
            TimeSpan.FromTicks((Long(ReadOrNull("cpuacct", "cpuacct.usage")) ?? 0) / 100));
    }

    private CgroupSnapshot ReadV2()
    {
        var max = (ReadOrNull("cpu", "cpu.max") ?? "max 100000").Split(' ');
        int? quotaPercent = max[0] == "max" ? null : (int)(long.Parse(max[0], CultureInfo.InvariantCulture) * 100 / long.Parse(max[1], CultureInfo.InvariantCulture));
        var weight = Long(ReadOrNull("cpu", "cpu.weight"));
        var usage = (ReadOrNull("cpu", "cpu.stat") ?? string.Empty).Split('\n')
            .Select(l => l.Split(' ')).Where(p => p.Length == 2 && p[0] == "usage_usec").Select(p => Long(p[1]) ?? 0).FirstOrDefault();
        return new CgroupSnapshot(
            quotaPercent,
            weight is null ? null : (int)(2 + ((weight.Value - 1) * 262_142 / 9999)),
            ReadOrNull("cpuset", "cpuset.cpus"),
            Long(ReadOrNull("memory", "memory.max")),
            Long(ReadOrNull("memory", "memory.current")) ?? 0,
            Long(ReadOrNull("memory", "memory.peak")),
            (int)(Long(ReadOrNull("pids", "pids.current")) ?? 0),
            (int?)Long(ReadOrNull("pids", "pids.max")),
            OomKills(),
            TimeSpan.FromMicroseconds(usage));
    }
}
