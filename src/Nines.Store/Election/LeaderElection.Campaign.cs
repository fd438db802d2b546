namespace Nines.Store.Election;

/// <summary>The campaign loop: win the key or wait for it to be vacated; lead until the lease or the key is lost.</summary>
public sealed partial class LeaderElection
{
    private async Task CampaignAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var lease = await _store.GrantLeaseAsync(_options.Ttl, stop).ConfigureAwait(false);
                var grantedAt = _time.GetTimestamp();
                var candidate = System.Text.Encoding.UTF8.GetBytes(_options.Candidate);
                var result = await _store.TxnAsync(
                    new Txn([TxnCompare.Absent(Key)], [TxnOp.Put(Key, candidate, lease)], [TxnOp.Get(Key)]),
                    stop).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    await LeadAsync(lease, grantedAt, result.Revision, stop).ConfigureAwait(false);
                    continue;
                }

                await RevokeQuietlyAsync(lease).ConfigureAwait(false);
                SetStandby(result.Results[0].Entries.FirstOrDefault());
                await WaitForVacancyAsync(result.Revision, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store is unreachable or failed: whatever this contender was, it cannot prove it leads.
                LogCampaignFailed(e, _options.Name, _options.Candidate, _options.RetryInterval.TotalMilliseconds);
                StepDown();
                try
                {
                    await Task.Delay(_options.RetryInterval, _time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Leads until the lease cannot be renewed in time or the key stops being ours; then steps down.</summary>
    private async Task LeadAsync(long lease, long grantedAt, long revision, CancellationToken stop)
    {
        using var term = CancellationTokenSource.CreateLinkedTokenSource(stop);
        BecomeLeader(lease, term.Token);
        var renewing = RenewAsync(lease, grantedAt, term.Token);
        var guarding = GuardKeyAsync(lease, revision, term.Token);
        var ended = await Task.WhenAny(renewing, guarding).ConfigureAwait(false);
        if (!stop.IsCancellationRequested)
        {
            LogLost(_options.Name, _options.Candidate, lease, ended == renewing
                ? "its lease could not be renewed before it might expire"
                : "the election key was deleted or taken over by another lease");
        }

        // The token first, so nothing acts as leader once LeaderChanged says it no longer is.
        await term.CancelAsync().ConfigureAwait(false);
        StepDown();
        await EndedAsync(renewing).ConfigureAwait(false);
        await EndedAsync(guarding).ConfigureAwait(false);

        if (!stop.IsCancellationRequested)
        {
            // Lost without dying (a renewal could not be confirmed in time): free the key for the others.
            await RevokeQuietlyAsync(lease).ConfigureAwait(false);
        }
    }

    /// <summary>Renews the lease every interval; returns when it is gone or could not be confirmed before it might expire.</summary>
    private async Task RenewAsync(long lease, long confirmedAt, CancellationToken term)
    {
        var interval = _options.EffectiveKeepAliveInterval;

        // Step down one interval before the store could expire the lease: etcd counts the TTL from when it
        // received the renewal, which is after it was sent, so this side's deadline is always the earlier one.
        var safeFor = _options.Ttl - interval;
        while (true)
        {
            var left = safeFor - _time.GetElapsedTime(confirmedAt);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(left < interval ? left : interval, _time, term).ConfigureAwait(false);
            var sentAt = _time.GetTimestamp();
            left = safeFor - _time.GetElapsedTime(confirmedAt);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            using var deadline = new CancellationTokenSource(left, _time);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(term, deadline.Token);
            try
            {
                await _store.KeepAliveAsync(lease, attempt.Token).ConfigureAwait(false);
                confirmedAt = sentAt;
            }
            catch (LeaseNotFoundException)
            {
                LogLeaseGone(_options.Name, _options.Candidate, lease);
                return;
            }
            catch (OperationCanceledException) when (!term.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Transient (store unreachable): retry until the deadline above says it is too late.
                LogKeepAliveFailed(e, _options.Name, _options.Candidate, lease, left.TotalMilliseconds);
            }
        }
    }

    /// <summary>Returns when the election key is deleted or taken over by another lease.</summary>
    private async Task GuardKeyAsync(long lease, long revision, CancellationToken term)
    {
        while (true)
        {
            try
            {
                await foreach (var change in _store.WatchAsync(Key, revision, term).ConfigureAwait(false))
                {
                    if (change.Entry.Key == Key && (change.Kind == WatchEventKind.Delete || change.Entry.Lease != lease))
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The watch broke (compacted, store unreachable): check the key directly, then watch again.
                LogWatchBroke(e, _options.Name, _options.Candidate);
                var current = await ReadKeyAsync(term).ConfigureAwait(false);
                if (current.Entry?.Lease != lease)
                {
                    return;
                }

                revision = current.Revision;
            }
        }
    }

    /// <summary>Returns when the election key is deleted; meanwhile follows who holds it.</summary>
    private async Task WaitForVacancyAsync(long revision, CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await foreach (var change in _store.WatchAsync(Key, revision, stop).ConfigureAwait(false))
                {
                    if (change.Entry.Key != Key)
                    {
                        continue;
                    }

                    if (change.Kind == WatchEventKind.Delete)
                    {
                        return;
                    }

                    SetStandby(change.Entry);
                }
            }
            catch (StoreCompactedException)
            {
                var current = await ReadKeyAsync(stop).ConfigureAwait(false);
                if (current.Entry is null)
                {
                    return;
                }

                SetStandby(current.Entry);
                revision = current.Revision;
            }
        }
    }

    private async Task<(KeyValueEntry? Entry, long Revision)> ReadKeyAsync(CancellationToken cancellationToken)
    {
        // A range (not a get) so the read comes with the revision to watch from.
        var range = await _store.RangeAsync(Key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (range.Entries.FirstOrDefault(e => e.Key == Key), range.Revision);
    }

    /// <summary>Waits for a task of the ended term; its cancellation is expected, any other failure is the campaign's.</summary>
    private static async Task EndedAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The term was cancelled: this is how the task was meant to end.
        }
    }

    private async Task RevokeQuietlyAsync(long lease)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.Ttl, _time);
            await _store.RevokeLeaseAsync(lease, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LeaseNotFoundException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Best effort: the lease expires on its own within the TTL.
        }
    }

    private void BecomeLeader(long lease, CancellationToken term)
    {
        // Logged before the term is handed out, so the log has it before anything acts as leader.
        LogElected(_options.Name, _options.Candidate, lease, _options.Ttl.TotalMilliseconds);
        lock (_gate)
        {
            _leaderLease = lease;
            _leadership = term;
            _leader = _options.Candidate;
            _elected.TrySetResult(term);
        }

        LeaderChanged?.Invoke(this, new LeaderChange(IsLeader: true, _options.Candidate));
    }

    private void StepDown()
    {
        lock (_gate)
        {
            if (_leaderLease == 0)
            {
                return;
            }

            _leaderLease = 0;
            _leadership = new CancellationToken(canceled: true);
            _leader = null;
            _elected = NewElectedSource();
        }

        LeaderChanged?.Invoke(this, new LeaderChange(IsLeader: false, Leader: null));
    }

    private void SetStandby(KeyValueEntry? holder)
    {
        var leader = holder is null ? null : holder.ValueAsString();
        lock (_gate)
        {
            if (_leader == leader)
            {
                return;
            }

            _leader = leader;
        }

        LogLeaderSeen(_options.Name, _options.Candidate, leader ?? "(none)");
        LeaderChanged?.Invoke(this, new LeaderChange(IsLeader: false, leader));
    }
}
