using System.Diagnostics;

namespace Nines.Agent.Guard;

/// <summary>
/// Starts a process that outlives its starter: a new session (<c>setsid</c>), stdin from <c>/dev/null</c>, stdout and
/// stderr appended to a log file. How the agent starts its fence guard and the guard restarts the agent: neither holds
/// the other's output pipes, so either may die without the other noticing anything but the death itself.
/// </summary>
public static class DetachedProcess
{
    /// <summary>Starts <paramref name="command"/> (executable first); returns its pid (<c>setsid</c> execs it in place).</summary>
    public static int Start(IReadOnlyList<string> command, string logFile, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", "exec setsid \"$@\" >>\"$NINES_DETACHED_LOG\" 2>&1 </dev/null", "sh", .. command])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NINES_DETACHED_LOG"] = logFile;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}");
        return process.Id;
    }
}
