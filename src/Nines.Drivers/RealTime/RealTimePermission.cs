using System.Globalization;

namespace Nines.Drivers.RealTime;

/// <summary>
/// Whether a process may switch itself to SCHED_FIFO: <c>sched_setscheduler</c> succeeds with
/// <c>CAP_SYS_NICE</c>, or without it up to the soft <c>RLIMIT_RTPRIO</c>. Read from the process's
/// <c>/proc/PID/status</c> (<c>CapEff</c>) and <c>/proc/PID/limits</c> (<c>Max realtime priority</c>), which the
/// processes a driver starts (an instance's launcher, QEMU) inherit from the manager. <see cref="Refusal"/> is pure: texts in,
/// reason out.
/// </summary>
public static class RealTimePermission
{
    /// <summary>The bit of <c>CAP_SYS_NICE</c> in a capability set.</summary>
    private const int CapSysNice = 23;

    /// <summary>
    /// Why this host refuses SCHED_FIFO at <paramref name="priority"/> to processes this one starts, or null when it
    /// allows it: the kernel gives real-time tasks no time (<c>kernel.sched_rt_runtime_us</c> = 0), or this process may
    /// not use that priority (<see cref="Refusal"/> over its own <c>/proc/self</c> status and limits).
    /// </summary>
    public static string? HostRefusal(int priority)
    {
        const string RuntimeFile = "/proc/sys/kernel/sched_rt_runtime_us";
        if (File.Exists(RuntimeFile) && File.ReadAllText(RuntimeFile).Trim() == "0")
        {
            return "kernel.sched_rt_runtime_us is 0 (no CPU time for real-time tasks)";
        }

        return Refusal(File.ReadAllText("/proc/self/status"), File.ReadAllText("/proc/self/limits"), priority);
    }

    /// <summary>Why a process with this status and limits cannot get SCHED_FIFO at <paramref name="priority"/>, or null when it can.</summary>
    public static string? Refusal(string statusText, string limitsText, int priority)
    {
        ArgumentNullException.ThrowIfNull(statusText);
        ArgumentNullException.ThrowIfNull(limitsText);
        if (EffectiveCapabilities(statusText) is { } caps && (caps & (1UL << CapSysNice)) != 0)
        {
            return null;
        }

        var limit = RealTimePriorityLimit(limitsText);
        return limit is null || limit >= priority
            ? null
            : $"RLIMIT_RTPRIO is {limit} (below priority {priority}) and the manager lacks CAP_SYS_NICE";
    }

    /// <summary><c>CapEff</c> of a status text, or null when it has none.</summary>
    public static ulong? EffectiveCapabilities(string statusText) =>
        statusText.Split('\n')
            .Where(l => l.StartsWith("CapEff:", StringComparison.Ordinal))
            .Select(l => ulong.TryParse(l["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : (ulong?)null)
            .FirstOrDefault();

    /// <summary>The soft <c>Max realtime priority</c> of a limits text (<c>unlimited</c> is <see cref="int.MaxValue"/>), or null when absent.</summary>
    public static int? RealTimePriorityLimit(string limitsText)
    {
        const string Name = "Max realtime priority";
        var line = limitsText.Split('\n').FirstOrDefault(l => l.StartsWith(Name, StringComparison.Ordinal));
        var soft = line?[Name.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return soft switch
        {
            null => null,
            "unlimited" => int.MaxValue,
            _ => int.TryParse(soft, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null,
        };
    }
}
