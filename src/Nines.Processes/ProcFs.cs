using System.Globalization;

namespace Nines.Processes;

/// <summary>
/// What <c>/proc</c> says about a process. Detached launchers and daemonized QEMU are not our children, so we cannot
/// wait for them: liveness, identity, cgroups, CPU time and the exit status of a zombie all come from here. Every
/// reader answers null (or empty, or false) for a process that is gone rather than throwing.
/// </summary>
public static class ProcFs
{
    /// <summary>USER_HZ, the unit of the times in <c>/proc/PID/stat</c> (100 on every Linux ABI).</summary>
    public const double ClockTicksPerSecond = 100;

    /// <summary>True when the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => ReadStat(pid) is { IsZombie: false };

    /// <summary>The parsed <c>/proc/PID/stat</c>, or null when the process is gone.</summary>
    public static ProcStat? ReadStat(int pid) => ReadText(pid, "stat") is { } text ? ParseStat(text) : null;

    /// <summary>
    /// Parses stat text, or null when it is malformed. The command name may hold spaces and parentheses, so the fields
    /// start after the last ')'.
    /// </summary>
    public static ProcStat? ParseStat(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length)
        {
            return null;
        }

        // fields[0] is field 3 (state) of proc(5).
        var fields = text[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20)
        {
            return null;
        }

        long? Field(int number) => long.TryParse(fields[number - 3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        if (Field(14) is not { } user || Field(15) is not { } system || Field(22) is not { } start)
        {
            return null;
        }

        int? waitStatus = fields.Length >= 50 && Field(52) is { } status ? (int)status : null;
        return new ProcStat(fields[0][0], user, system, start, waitStatus);
    }

    /// <summary>The ids of the processes that exist now (of every user; the entries of <c>/proc</c> that are numbers).</summary>
    public static IEnumerable<int> ProcessIds() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>The process's arguments, or empty when it is gone.</summary>
    public static IReadOnlyList<string> ReadCommandLine(int pid) =>
        ReadText(pid, "cmdline")?.Split('\0', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The process's command name (<c>/proc/PID/comm</c>, at most 15 characters), or null when it is gone.</summary>
    public static string? ReadCommandName(int pid) => ReadText(pid, "comm")?.TrimEnd('\n');

    /// <summary>The lines of <c>/proc/PID/cgroup</c>, empty when the process is gone.</summary>
    public static IReadOnlyList<string> Cgroups(int pid) =>
        ReadText(pid, "cgroup")?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The real uid from <c>Uid:</c> of <c>/proc/PID/status</c>, or null when the process is gone.</summary>
    public static uint? ReadUid(int pid) => ReadStatusIds(pid, "Uid:")?[0];

    /// <summary>The real, effective, saved and filesystem ids of a <c>Uid:</c> or <c>Gid:</c> line of <c>/proc/PID/status</c>.</summary>
    public static uint[]? ReadStatusIds(int pid, string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var values = StatusValue(pid, field)?.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries);
        if (values is not { Length: > 0 })
        {
            return null;
        }

        var ids = new uint[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!uint.TryParse(values[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i]))
            {
                return null;
            }
        }

        return ids;
    }

    /// <summary>Resident memory from <c>VmRSS</c> of <c>/proc/PID/status</c>, or null when the process is gone.</summary>
    public static long? ReadRssBytes(int pid) =>
        StatusValue(pid, "VmRSS:")?.Trim().Split(' ')[0] is { } kib && long.TryParse(kib, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value * 1024
            : null;

    /// <summary>
    /// True when the process has a handler for <paramref name="signal"/> (its bit in <c>SigCgt</c> of
    /// <c>/proc/PID/status</c>); false when it has none or is gone.
    /// </summary>
    public static bool CatchesSignal(int pid, int signal) =>
        signal is >= 1 and <= 64
        && StatusValue(pid, "SigCgt:") is { } text
        && ulong.TryParse(text.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
        && (mask & (1UL << (signal - 1))) != 0;

    /// <summary>Seconds since the host booted (<c>/proc/uptime</c>), the clock of <see cref="ProcStat.StartTicks"/>.</summary>
    public static double HostUptimeSeconds() =>
        double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>Reads a pid file; null when it is missing, empty or not a positive number.</summary>
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

    /// <summary>The text after <paramref name="field"/> on its line of <c>/proc/PID/status</c>, or null.</summary>
    private static string? StatusValue(int pid, string field) =>
        ReadText(pid, "status")?.Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))?[field.Length..];

    private static string? ReadText(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/{file}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
