using System.Text;
using Nines.Agent.Guard;

namespace Nines.Cli.Hosting;

/// <summary>
/// Ends every <c>nines agent</c> and <c>nines agent-guard</c> of one agent data directory, whoever started them: the
/// agent and its guard restart each other, and a supervisor (the chaos soak) may start a second agent meanwhile, so
/// the pid files (<c>agent.json</c>, <c>guard.pid</c>) name only some of them. Processes are found by their command
/// line (<c>--data DIR</c>, which a starter still in flight — the <c>sh -c exec setsid ...</c> or a forked child of
/// an agent or guard — carries too) and killed, guards first, pass after pass until two passes in a row find none.
/// </summary>
internal static class AgentProcessSweep
{
    private static readonly TimeSpan _quietGap = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// True when <paramref name="arguments"/> (a process's argv) is an agent or a fence guard (or a starter of one)
    /// whose <c>--data</c> is <paramref name="dataDirectory"/> (an absolute path).
    /// </summary>
    public static bool Names(IReadOnlyList<string> arguments, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!arguments.Any(a => a is "agent" or "agent-guard"))
        {
            return false;
        }

        var wanted = Normalize(dataDirectory);
        for (var i = 0; i < arguments.Count; i++)
        {
            var value = arguments[i] == "--data" && i + 1 < arguments.Count ? arguments[i + 1]
                : arguments[i].StartsWith("--data=", StringComparison.Ordinal) ? arguments[i]["--data=".Length..]
                : null;
            if (value is not null && Path.IsPathRooted(value) && Normalize(value) == wanted)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for a fence guard's argv (killed before agents: a live guard restarts a killed agent).</summary>
    public static bool IsGuard(IReadOnlyList<string> arguments) => arguments.Contains("agent-guard");

    /// <summary>The live processes (not zombies) whose command line <see cref="Names"/> <paramref name="dataDirectory"/>.</summary>
    public static IReadOnlyList<(int Pid, IReadOnlyList<string> Arguments)> Find(string dataDirectory)
    {
        var found = new List<(int, IReadOnlyList<string>)>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid) && pid != Environment.ProcessId && ReadArguments(pid) is { } arguments
                && Names(arguments, dataDirectory) && ProcessProbe.IsAlive(pid))
            {
                found.Add((pid, arguments));
            }
        }

        return found;
    }

    /// <summary>
    /// Kills (SIGKILL) every agent and guard of <paramref name="dataDirectory"/>, guards first, until two passes
    /// <see cref="_quietGap"/> apart find none; returns how many were killed.
    /// </summary>
    /// <exception cref="IOException">Some were still coming back after a minute.</exception>
    public static async Task<int> KillAllAsync(string dataDirectory, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var directory = Path.GetFullPath(dataDirectory);
        var killed = 0;
        var quietPasses = 0;
        var waited = TimeSpan.Zero; // counted by the delays below (kills and scans take little)
        while (quietPasses < 2)
        {
            var found = Find(directory);
            if (found.Count == 0)
            {
                quietPasses++;
            }
            else
            {
                quietPasses = 0;
                foreach (var (pid, _) in found.OrderByDescending(p => IsGuard(p.Arguments)))
                {
                    killed += ProcessProbe.Kill(pid) ? 1 : 0;
                }
            }

            if (waited > _deadline)
            {
                throw new IOException($"agent or fence guard processes of {directory} kept coming back: {string.Join(", ", found.Select(p => p.Pid))}");
            }

            await Task.Delay(_quietGap, time ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
            waited += _quietGap;
        }

        return killed;
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static string[]? ReadArguments(int pid)
    {
        try
        {
            var bytes = File.ReadAllBytes($"/proc/{pid}/cmdline");
            return bytes.Length == 0 ? null : Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
