namespace Nines.VnfStateMigration;

/// <summary>A running instance of a network function: where it is and how to reach its state-protocol endpoint.</summary>
public interface IFunctionInstance : IAsyncDisposable
{
    /// <summary>The host it runs on.</summary>
    FunctionHost Host { get; }

    /// <summary>The Unix socket of its state-protocol endpoint.</summary>
    string ControlPath { get; }

    /// <summary>Whether its process is still running.</summary>
    bool Running { get; }

    /// <summary>Stops it: graceful (SIGTERM) first, forced after the grace period.</summary>
    Task RetireAsync(TimeSpan grace, CancellationToken cancellationToken);
}
