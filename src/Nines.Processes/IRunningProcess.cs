namespace Nines.Processes;

/// <summary>A long-lived child started by <see cref="IProcessRunner.Start"/>.</summary>
public interface IRunningProcess : IAsyncDisposable
{
    /// <summary>Its process id.</summary>
    int Id { get; }

    /// <summary>True once it has ended.</summary>
    bool HasExited { get; }

    /// <summary>Its exit code once it has ended (128 plus the signal for a killed one); null while it runs.</summary>
    int? ExitCode { get; }

    /// <summary>Everything it printed so far (standard output and error, line by line).</summary>
    string Output { get; }

    /// <summary>Waits until it has ended and its output has been read to the end.</summary>
    Task WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="signal"/> to it (not to its children); false when it is gone.</summary>
    bool Signal(int signal);

    /// <summary>Kills it and every process it started (SIGKILL); nothing when it has ended.</summary>
    void KillTree();
}
