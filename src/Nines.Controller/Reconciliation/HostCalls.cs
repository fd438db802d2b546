using System.Collections.Concurrent;

namespace Nines.Controller.Reconciliation;

/// <summary>
/// The reconciler's calls in flight to each host's agent, so that a host whose registration disappears (its lease
/// expired: partitioned, crashed) has them cancelled at once: its failure is then handled by the next pass instead of
/// after the call's own deadline.
/// </summary>
public sealed class HostCalls
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _hosts = new(StringComparer.Ordinal);

    /// <summary>A token for one call to <paramref name="host"/>: cancelled with <paramref name="cancellationToken"/> or when the host is lost.</summary>
    public CancellationTokenSource Link(string host, CancellationToken cancellationToken)
    {
        var lost = _hosts.GetOrAdd(host, _ => new CancellationTokenSource());
        return CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lost.Token);
    }

    /// <summary>Cancels every call in flight to <paramref name="host"/>; later calls start afresh.</summary>
    public void Lost(string host)
    {
        if (_hosts.TryRemove(host, out var calls))
        {
            // Not disposed: a call linking to it right now may still read its token.
            calls.Cancel();
        }
    }
}
