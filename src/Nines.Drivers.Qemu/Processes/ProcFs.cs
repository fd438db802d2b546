using System.Globalization;

namespace Nines.Drivers.Qemu.Processes;

/// <summary>
/// What <c>/proc</c> says about a QEMU process. A daemonized QEMU is not our child, so we cannot wait for it:
/// liveness, identity, CPU time and the exit status of a zombie all come from here.
/// </summary>
internal static class ProcFs
{
    /// <summary>USER_HZ, the unit of the times in <c>/proc/PID/stat</c> (100 on every Linux ABI).</summary>
    public const double ClockTicksPerSecond = 100;

    /// <summary>True when the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => ReadStat(pid) is { State: not ('Z' or 'X') };

    /// <summary>The parsed <c>/proc/PID/stat</c>, or null when the process is gone.</summary>
    public static ProcStat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return ParseStat(text);
    }

    /// <summary>Parses stat text; the command name may hold spaces and parentheses, so fields start after the last ')'.</summary>
    public static ProcStat? ParseStat(string text)
    {
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        // fields[0] is field 3 (state) of proc(5).
        var fields = text[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20)
        {
            return null;
        }

        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        int? exitCode = fields.Length >= 50 ? (int)Field(52) : null;
        return new ProcStat(fields[0][0], Field(14), Field(15), Field(22), exitCode);
    }

    /// <summary>The ids of the processes that exist now (of every user; the entries of <c>/proc</c> that are numbers).</summary>
    public static IEnumerable<int> ProcessIds() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>The process's arguments, or empty when it is gone.</summary>
    public static IReadOnlyList<string> ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The real uid from <c>Uid:</c> of <c>/proc/PID/status</c>, or null when the process is gone.</summary>
    public static uint? ReadUid(int pid) => ReadStatusIds(pid, "Uid:")?[0];

    /// <summary>The real, effective, saved and filesystem ids of a <c>Uid:</c> or <c>Gid:</c> line of <c>/proc/PID/status</c>.</summary>
    public static uint[]? ReadStatusIds(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return [.. line[field.Length..].Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries).Select(v => uint.Parse(v, CultureInfo.InvariantCulture))];
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }

    /// <summary>Resident memory from <c>VmRSS</c> of <c>/proc/PID/status</c>, or null when the process is gone.</summary>
    public static long? ReadRssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }

    /// <summary>Seconds since the host booted (<c>/proc/uptime</c>).</summary>
    public static double HostUptimeSeconds() =>
        double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>Reads a pid file; null when it is missing or not a number.</summary>
    public static int? ReadPidFile(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Sends SIGKILL; false when the process was already gone.</summary>
    public static bool Kill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>
/// The fields of <c>/proc/PID/stat</c> the driver uses: state, user and system CPU ticks (all threads), start time
/// in ticks after host boot, and — for a zombie — the wait status (low 7 bits: the signal; bits 8-15: the exit code).
/// </summary>
internal sealed record ProcStat(char State, long UserTicks, long SystemTicks, long StartTicks, int? WaitStatus)
{
    public bool IsZombie => State is 'Z' or 'X';

    public long CpuTicks => UserTicks + SystemTicks;

    /// <summary>How a zombie ended: the signal that killed it or its exit code.</summary>
    public VmExitReason? ExitReason => IsZombie && WaitStatus is { } status
        ? (status & 0x7F) is var signal and > 0 ? VmExitReason.KilledBy(signal) : VmExitReason.ExitedWith((status >> 8) & 0xFF)
        : null;
}
