using System.Collections.Concurrent;

namespace Nines.Controller.Reconciliation;

/// <summary>
/// When the controller last saw each host alive: a registration record written (every heartbeat rewrites it) or read.
/// Fed by the controller's watch on the host records; read when a host's lease is gone to compute its fencing deadline.
/// </summary>
public sealed class HostLiveness
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, bool Live)> _seen = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public HostLiveness(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>Records that <paramref name="host"/> is alive now; returns true when it was not known alive before (new, or back).</summary>
    public bool Seen(string host)
    {
        var fresh = !_seen.TryGetValue(host, out var before) || !before.Live;
        _seen[host] = (_time.GetUtcNow(), true);
        return fresh;
    }

    /// <summary>Records that <paramref name="host"/>'s registration is gone (keeping when it was last seen alive).</summary>
    public void Lost(string host)
    {
        if (_seen.TryGetValue(host, out var before))
        {
            _seen[host] = (before.At, false);
        }
    }

    /// <summary>When <paramref name="host"/> was last seen alive, or null when this controller never saw it.</summary>
    public DateTimeOffset? LastSeen(string host) => _seen.TryGetValue(host, out var seen) ? seen.At : null;
}
