namespace Nines.Processes;

/// <summary>
/// Starts host programs. The one seam between Nines and the processes it runs: drivers, the image builder and the
/// network applier take it, so a test can hand them a scripted runner and see exactly which commands they produce
/// without spawning anything.
/// </summary>
/// <remarks>
/// Every program is run from an argument vector, never a shell string, with <c>LC_ALL=C</c> in its environment (so
/// the output callers parse reads the same on every machine; a request's own <c>LC_ALL</c> wins).
/// </remarks>
public interface IProcessRunner
{
    /// <summary>
    /// Runs <paramref name="request"/> to completion and returns how it ended and what it printed; a non-zero exit is a
    /// result, not an error.
    /// </summary>
    /// <remarks>
    /// <para>On the request's <see cref="ProcessRequest.Timeout"/> the whole process tree is killed and the result says
    /// <see cref="ProcessResult.TimedOut"/> (with whatever was printed until then): a timeout never throws.</para>
    /// <para>When <paramref name="cancellationToken"/> is cancelled the whole tree is killed and
    /// <see cref="OperationCanceledException"/> is thrown.</para>
    /// </remarks>
    /// <exception cref="ProcessStartException">The program cannot be started (not found, not executable).</exception>
    Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a long-lived child (a network function, a helper daemon) and returns at once; its output is delivered
    /// line by line to the request's <see cref="ProcessRequest.OnOutputLine"/>. The request's timeout and input do not
    /// apply. Disposing the handle kills the child's whole tree if it still runs.
    /// </summary>
    /// <exception cref="ProcessStartException">The program cannot be started.</exception>
    IRunningProcess Start(ProcessRequest request);

    /// <summary>
    /// Starts a program that outlives this process (a controller, an agent, a fence guard): a new session
    /// (<c>setsid</c>), standard input from <c>/dev/null</c>, standard output and error appended to
    /// <paramref name="logFile"/>, so it holds none of our pipes. Only the request's program, arguments and environment
    /// apply; its environment is passed as given (no <c>LC_ALL</c>: nothing parses a log).
    /// </summary>
    /// <exception cref="ProcessStartException">The shell that starts it cannot be started.</exception>
    IDetachedProcess StartDetached(ProcessRequest request, string logFile);
}
