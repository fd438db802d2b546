using System.Collections.Concurrent;

namespace Nines.Drivers.Tests.Sequences;

/// <summary>
/// Passes every call to a real driver and records the guest commands and file writes it saw, with how many
/// commands were in flight at once (each exec can be held for a real <see cref="ExecDelay"/> so overlaps happen).
/// </summary>
internal sealed class RecordingDriver(IVmDriver inner) : IVmDriver
{
    private int _inFlight;
    private int _maxInFlight;

    public ConcurrentQueue<(string VmId, string Call)> Calls { get; } = new();

    public TimeSpan ExecDelay { get; init; }

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public string Name => inner.Name;

    public DriverCapabilities Capabilities => inner.Capabilities;

    public List<string> CallsOf(string vmId) => [.. Calls.Where(c => c.VmId == vmId).Select(c => c.Call)];

    public async Task<GuestExecResult> ExecAsync(string vmId, GuestCommand command, CancellationToken cancellationToken)
    {
        Calls.Enqueue((vmId, command.ToString()));
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            if (ExecDelay > TimeSpan.Zero)
            {
                await Task.Delay(ExecDelay, cancellationToken);
            }

            return await inner.ExecAsync(vmId, command, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public Task WriteFileAsync(string vmId, string guestPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        Calls.Enqueue((vmId, $"write {guestPath}"));
        return inner.WriteFileAsync(vmId, guestPath, content, cancellationToken);
    }

    public Task<VmStatus> DefineAsync(VmDefinition definition, CancellationToken cancellationToken) => inner.DefineAsync(definition, cancellationToken);

    public Task<VmStatus> StartAsync(string vmId, CancellationToken cancellationToken) => inner.StartAsync(vmId, cancellationToken);

    public Task<VmStatus> PauseAsync(string vmId, CancellationToken cancellationToken) => inner.PauseAsync(vmId, cancellationToken);

    public Task<VmStatus> ResumeAsync(string vmId, CancellationToken cancellationToken) => inner.ResumeAsync(vmId, cancellationToken);

    public Task<VmStatus> SuspendAsync(string vmId, string statePath, CancellationToken cancellationToken) => inner.SuspendAsync(vmId, statePath, cancellationToken);

    public Task<VmStatus> RestoreAsync(string vmId, string statePath, CancellationToken cancellationToken) => inner.RestoreAsync(vmId, statePath, cancellationToken);

    public Task<ShutdownResult> ShutdownAsync(string vmId, TimeSpan gracePeriod, CancellationToken cancellationToken) => inner.ShutdownAsync(vmId, gracePeriod, cancellationToken);

    public Task<VmStatus> DestroyAsync(string vmId, CancellationToken cancellationToken) => inner.DestroyAsync(vmId, cancellationToken);

    public Task<VmStatus> RebootAsync(string vmId, CancellationToken cancellationToken) => inner.RebootAsync(vmId, cancellationToken);

    public Task RemoveAsync(string vmId, CancellationToken cancellationToken) => inner.RemoveAsync(vmId, cancellationToken);

    public Task<VmStatus> InspectAsync(string vmId, CancellationToken cancellationToken) => inner.InspectAsync(vmId, cancellationToken);

    public Task<VmKpis> SampleAsync(string vmId, CancellationToken cancellationToken) => inner.SampleAsync(vmId, cancellationToken);

    public Task<IReadOnlyList<VmStatus>> ReattachAsync(CancellationToken cancellationToken) => inner.ReattachAsync(cancellationToken);

    public IAsyncEnumerable<VmEvent> WatchEventsAsync(CancellationToken cancellationToken) => inner.WatchEventsAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
