namespace Nines.Processes;

/// <summary>
/// A program started by <see cref="IProcessRunner.StartDetached"/>: in a session of its own, it outlives this process.
/// Disposing the handle only lets go of it; the program runs on.
/// </summary>
public interface IDetachedProcess : IDisposable
{
    /// <summary>Its process id (the program's own: <c>setsid</c> execs it in place).</summary>
    int Id { get; }

    /// <summary>True once it has ended (while this handle is held).</summary>
    bool HasExited { get; }

    /// <summary>Its exit code once it has ended; null while it runs.</summary>
    int? ExitCode { get; }
}
