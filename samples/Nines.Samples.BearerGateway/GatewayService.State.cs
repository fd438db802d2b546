using Nines.StateTransfer.Format;
using Nines.StateTransfer.Protocol;

namespace Nines.Samples.BearerGateway;

/// <summary>The state protocol: freeze after the steering markers, export, import, resume.</summary>
internal sealed partial class GatewayService : IStatefulFunction
{
    public string Kind => BearerTable.Kind;

    public async Task<FunctionStatus> FreezeAsync(FreezeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(request.DrainTimeoutMilliseconds), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        while (true)
        {
            lock (_lock)
            {
                // Each side's thread records its marker after everything it received before it: once both are seen,
                // nothing is in flight and freezing now loses nothing.
                if (request.DrainToken == 0 || (_markerSeen[UeSideIndex] == request.DrainToken && _markerSeen[ServerSideIndex] == request.DrainToken))
                {
                    _frozen = true;
                    return Status_NeedsLock();
                }
            }

            try
            {
                await _markerArrived.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                lock (_lock)
                {
                    throw new TimeoutException($"freeze: the steering marker {request.DrainToken} did not arrive within {request.DrainTimeoutMilliseconds} ms " +
                        $"(seen: ue side {_markerSeen[UeSideIndex]}, server side {_markerSeen[ServerSideIndex]}); still serving");
                }
            }
        }
    }

    public Task<StateDocument> ExportAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        BearerTable.BearerTableSnapshot snapshot;
        lock (_lock)
        {
            // Copied under the lock: consistent even while serving (a pre-copy, which the frozen delta completes);
            // encoded outside it, so a pre-copy does not stall the traffic.
            snapshot = _table.Snapshot(request.SinceGeneration);
        }

        return Task.FromResult(snapshot.ToDocument());
    }

    public Task<FunctionStatus> ImportAsync(StateDocument document, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_frozen)
            {
                throw new InvalidOperationException("import: the gateway is serving; only a frozen gateway takes a state");
            }

            _table.Import(document);
            return Task.FromResult(Status_NeedsLock());
        }
    }

    public Task<FunctionStatus> ResumeAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _frozen = false;
            Monitor.PulseAll(_lock);
            return Task.FromResult(Status_NeedsLock());
        }
    }

    public Task<FunctionStatus> StatusAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Status_NeedsLock());
        }
    }

    private FunctionStatus Status_NeedsLock() =>
        new(Kind, _frozen ? FunctionPhase.Frozen : FunctionPhase.Serving, (ulong)_table.Count,
            $"bearers {_table.Count}, uplink {_table.Bearers.Sum(b => (long)b.UplinkPackets)}, downlink {_table.Bearers.Sum(b => (long)b.DownlinkPackets)}, unknown-TEID drops {_table.UnknownTeidDrops}, generation {_table.Generation}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}",
            _table.Generation);
}
