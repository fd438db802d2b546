using Nines.Drivers;

namespace Nines.Testing;

/// <summary>The process died here (a stand-in for <c>kill -9</c>): thrown by <see cref="InterposedDriver"/>.</summary>
public sealed class SimulatedKillException : Exception
{
    public SimulatedKillException()
        : base("simulated kill -9")
    {
    }

    public SimulatedKillException(string message)
        : base(message)
    {
    }

    public SimulatedKillException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Wraps a real driver: records guest commands, counts lifecycle calls, and can "kill the process" before the
/// N-th mutating call (define, start, destroy, remove, exec) so tests stop a deploy at every step.
/// </summary>
public sealed class InterposedDriver(IVmDriver inner) : IVmDriver
{
    private int _mutations;

    public int? KillBeforeMutation { get; set; }

    /// <summary>Changes each definition before the driver sees it (to give fake VMs a behaviour).</summary>
    public Func<VmDefinition, VmDefinition>? Rewrite { get; set; }

    public List<(string VmId, string Command)> Execs { get; } = [];

    public int Starts { get; private set; }

    /// <summary>The state file of every suspend and restore, in call order.</summary>
    public List<(string VmId, string Path)> StatePaths { get; } = [];

    public int Mutations => _mutations;

    public string Name => inner.Name;

    public DriverCapabilities Capabilities => inner.Capabilities;

    public Task<VmStatus> DefineAsync(VmDefinition definition, CancellationToken cancellationToken)
    {
        Mutate();
        return inner.DefineAsync(Rewrite?.Invoke(definition) ?? definition, cancellationToken);
    }

    public Task<VmStatus> StartAsync(string vmId, CancellationToken cancellationToken)
    {
        Mutate();
        Starts++;
        return inner.StartAsync(vmId, cancellationToken);
    }

    public Task<VmStatus> PauseAsync(string vmId, CancellationToken cancellationToken) => inner.PauseAsync(vmId, cancellationToken);

    public Task<VmStatus> ResumeAsync(string vmId, CancellationToken cancellationToken) => inner.ResumeAsync(vmId, cancellationToken);

    public Task<VmStatus> SuspendAsync(string vmId, string statePath, CancellationToken cancellationToken)
    {
        StatePaths.Add((vmId, statePath));
        return inner.SuspendAsync(vmId, statePath, cancellationToken);
    }

    public Task<VmStatus> RestoreAsync(string vmId, string statePath, CancellationToken cancellationToken)
    {
        StatePaths.Add((vmId, statePath));
        return inner.RestoreAsync(vmId, statePath, cancellationToken);
    }

    public Task<ShutdownResult> ShutdownAsync(string vmId, TimeSpan gracePeriod, CancellationToken cancellationToken) => inner.ShutdownAsync(vmId, gracePeriod, cancellationToken);

    public Task<VmStatus> DestroyAsync(string vmId, CancellationToken cancellationToken)
    {
        Mutate();
        return inner.DestroyAsync(vmId, cancellationToken);
    }

    public Task<VmStatus> RebootAsync(string vmId, CancellationToken cancellationToken) => inner.RebootAsync(vmId, cancellationToken);

    public Task RemoveAsync(string vmId, CancellationToken cancellationToken)
    {
        Mutate();
        return inner.RemoveAsync(vmId, cancellationToken);
    }

    public Task<VmStatus> InspectAsync(string vmId, CancellationToken cancellationToken) => inner.InspectAsync(vmId, cancellationToken);

    public Task<VmKpis> SampleAsync(string vmId, CancellationToken cancellationToken) => inner.SampleAsync(vmId, cancellationToken);

    public Task<GuestExecResult> ExecAsync(string vmId, GuestCommand command, CancellationToken cancellationToken)
    {
        Mutate();
        Execs.Add((vmId, command.Arguments.LastOrDefault() ?? command.Program));
        return inner.ExecAsync(vmId, command, cancellationToken);
    }

    public Task WriteFileAsync(string vmId, string guestPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.WriteFileAsync(vmId, guestPath, content, cancellationToken);

    public Task<IReadOnlyList<VmStatus>> ReattachAsync(CancellationToken cancellationToken) => inner.ReattachAsync(cancellationToken);

    public IAsyncEnumerable<VmEvent> WatchEventsAsync(CancellationToken cancellationToken) => inner.WatchEventsAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private void Mutate()
    {
        if (++_mutations == KillBeforeMutation)
        {
            throw new SimulatedKillException();
        }
    }
}
