using System.ComponentModel;
using System.Diagnostics;

namespace Nines.Processes;

public sealed partial class ProcessRunner
{
    /// <summary>
    /// The shell line of a detached start: the log path comes through the environment and the command as arguments, so
    /// neither is ever part of the script.
    /// </summary>
    private const string DetachScript = "exec setsid \"$@\" >>\"$NINES_DETACHED_LOG\" 2>&1 </dev/null";

    /// <inheritdoc/>
    public IDetachedProcess StartDetached(ProcessRequest request, string logFile)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(logFile);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", DetachScript, "sh", request.Program, .. request.Arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NINES_DETACHED_LOG"] = logFile;
        foreach (var (key, value) in request.Environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        if (request.WorkingDirectory is { } directory)
        {
            start.WorkingDirectory = directory;
        }

        try
        {
            return new DetachedProcess(Process.Start(start) ?? throw new ProcessStartException("/bin/sh", "no process was started", new InvalidOperationException()));
        }
        catch (Win32Exception e)
        {
            throw new ProcessStartException("/bin/sh", e.Message, e);
        }
    }

    private sealed class DetachedProcess(Process process) : IDetachedProcess
    {
        public int Id { get; } = process.Id;

        public bool HasExited => process.HasExited;

        public int? ExitCode => process.HasExited ? process.ExitCode : null;

        public void Dispose() => process.Dispose();
    }
}
