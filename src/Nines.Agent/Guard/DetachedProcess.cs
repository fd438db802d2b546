using Nines.Processes;

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
        using var process = ProcessRunner.Default.StartDetached(new ProcessRequest(command[0], command.Skip(1).ToArray()) { Environment = environment }, logFile);
        return process.Id;
    }
}
