namespace Nines.Agent.Guard;

/// <summary>
/// The fence guard's decisions, without I/O (<see cref="FenceGuard"/> observes and applies them):
/// <list type="bullet">
/// <item>Lease: every renewal the store confirms moves the fencing deadline to the moment it was <em>sent</em> + TTL −
/// margin (the store cannot expire the lease before sent + TTL). At the deadline, or when the store says the lease is
/// gone, the host is fenced (its VM processes killed) and stays fenced, killing any VM process that appears, until a
/// new registration lease is published and confirmed.</item>
/// <item>Agent: dead → restarted (backoff 0.5 s doubling to 10 s); alive but not answering its health endpoint for
/// <see cref="FenceGuardOptions.HungAfter"/> (a new agent gets <see cref="FenceGuardOptions.StartTimeout"/>) → killed,
/// then restarted. The lease is renewed meanwhile, so the controller keeps the VMs where they run.</item>
/// <item>Give-up: no working agent for <see cref="FenceGuardOptions.GiveUpAfter"/> → fence, then stop renewing, so the
/// controller can restart the VMs elsewhere once the lease is gone.</item>
/// </list>
/// </summary>
internal sealed class FenceGuardPolicy(FenceGuardOptions options)
{
    private long? _lease;
    private TimeSpan? _confirmedAt;
    private bool _fenced;
    private bool _released;
    private long? _fencedLease;
    private int? _pid;
    private TimeSpan _pidSince;
    private TimeSpan? _healthyAt;
    private TimeSpan? _downSince;
    private int _restarts;
    private TimeSpan _nextRestart = TimeSpan.MinValue;
    private string? _pendingReason;

    /// <summary>True while the host is fenced (its VMs killed, kept from running until it registers again).</summary>
    public bool Fenced => _fenced;

    /// <summary>True once the guard gave up on the agent and stopped renewing the lease.</summary>
    public bool Released => _released;

    /// <summary>The store confirmed a renewal of <paramref name="lease"/> sent at <paramref name="sentAt"/>.</summary>
    public void OnRenewed(long lease, TimeSpan sentAt)
    {
        if (lease != _lease)
        {
            return;
        }

        _confirmedAt = _confirmedAt is { } known && known > sentAt ? known : sentAt;
        if (_fenced && lease != _fencedLease)
        {
            _fenced = false;
            _released = false;
            _pendingReason = $"registered again under lease {lease:x}: VMs may run here again";
        }
    }

    /// <summary>The store answered that <paramref name="lease"/> no longer exists.</summary>
    public void OnLeaseGone(long lease, TimeSpan now)
    {
        if (lease == _lease && !_fenced)
        {
            Fence(now, "the store says the registration lease expired");
        }
    }

    /// <summary>Decides one tick.</summary>
    public GuardDecision Decide(GuardObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var now = observation.Now;
        TrackLease(observation);
        var agent = TrackAgent(observation);

        if (!_fenced && _lease is not null)
        {
            var deadline = _confirmedAt!.Value + observation.LeaseTtl - observation.FenceMargin;
            if (now >= deadline)
            {
                Fence(now, $"no renewal of lease {_lease:x} confirmed for {(observation.LeaseTtl - observation.FenceMargin).TotalSeconds:0.###} s");
            }
        }

        if (_downSince is { } down && now - down >= options.GiveUpAfter && !_released)
        {
            if (!_fenced)
            {
                Fence(now, $"no working agent for {options.GiveUpAfter.TotalSeconds:0.###} s");
            }

            _released = true;
            _pendingReason = (_pendingReason is null ? string.Empty : _pendingReason + "; ") + "letting the registration lease go (VMs killed first)";
        }

        var reason = agent.Reason is null ? _pendingReason : _pendingReason is null ? agent.Reason : $"{_pendingReason}; {agent.Reason}";
        _pendingReason = null;
        return new GuardDecision(_fenced, agent.Kill, agent.Restart, !_released, reason);
    }

    private void TrackLease(GuardObservation observation)
    {
        if (observation.Lease is not { } lease || lease == _lease)
        {
            return;
        }

        // A new registration, granted shortly before its link reached us: count it as confirmed LinkLag ago (never later
        // than what the old lease had) until the guard's own renewal of it is confirmed.
        _lease = lease;
        var granted = observation.Now - options.LinkLag;
        _confirmedAt = _confirmedAt is { } known && known < granted ? known : granted;
    }

    private (bool Kill, bool Restart, string? Reason) TrackAgent(GuardObservation o)
    {
        if (o.AgentPid != _pid)
        {
            _pid = o.AgentPid;
            _pidSince = o.Now;
            _healthyAt = null;
        }

        if (o.AgentAlive && o.AgentHealthy)
        {
            var recovered = _downSince is not null;
            _healthyAt = o.Now;
            _downSince = null;
            _restarts = 0;
            _nextRestart = TimeSpan.MinValue;
            return (false, false, recovered ? $"agent (pid {_pid}) answers" : null);
        }

        if (!o.AgentAlive)
        {
            _downSince ??= o.Now;
            if (o.Now < _nextRestart)
            {
                return (false, false, null);
            }

            _restarts++;
            _nextRestart = o.Now + Backoff(_restarts);
            return (false, true, _pid is { } pid ? $"agent (pid {pid}) is gone: restarting it (attempt {_restarts})" : $"no agent: starting one (attempt {_restarts})");
        }

        var since = _healthyAt ?? _pidSince;
        var allowed = _healthyAt is null ? options.StartTimeout : options.HungAfter;
        if (o.Now - since < allowed)
        {
            return (false, false, null);
        }

        _downSince ??= since;
        return (true, false, $"agent (pid {_pid}) has not answered for {(o.Now - since).TotalSeconds:0.0} s: killing it to start a new one");
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = options.RestartBackoff * Math.Pow(2, Math.Min(attempt - 1, 10));
        return delay < options.MaxRestartBackoff ? delay : options.MaxRestartBackoff;
    }

    private void Fence(TimeSpan now, string reason)
    {
        _ = now;
        _fenced = true;
        _fencedLease = _lease;
        _pendingReason = (_pendingReason is null ? string.Empty : _pendingReason + "; ") + $"fencing: {reason}";
    }
}
