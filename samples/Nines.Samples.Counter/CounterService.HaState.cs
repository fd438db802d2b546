using System.Globalization;
using Nines.Availability.Checkpoints;
using Nines.Availability.Client;
using Nines.Availability.Model;

namespace Nines.Samples.Counter;

/// <summary>Following the unit's HA state: become active from the latest checkpoint, quiesce, stand by.</summary>
internal sealed partial class CounterService
{
    private async Task FollowHaStateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in _haState.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                await ApplyAsync(snapshot, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    // A warm standby: every checkpoint the active writes is applied here, so the counters are current and the
    // take-over reads only to be sure it missed nothing.
    private async Task FollowCheckpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var checkpoint in _checkpoints.WatchAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (Mode != CounterMode.Active)
                    {
                        Load_NeedsLock(checkpoint);
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Load_NeedsLock(Checkpoint? checkpoint)
    {
        _counters.Clear();
        foreach (var (key, value) in checkpoint?.Sections ?? new Dictionary<string, ReadOnlyMemory<byte>>())
        {
            _counters[key] = Decode(value);
        }
    }

    private async Task ApplyAsync(HaStateSnapshot snapshot, CancellationToken cancellationToken)
    {
        var state = snapshot.StateOf(_options.Instance);
        var seen = _time.GetUtcNow();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            switch (state)
            {
                case HaState.Active when Mode != CounterMode.Active:
                    await ActivateAsync_NeedsLock(snapshot.Epoch, seen, cancellationToken).ConfigureAwait(false);
                    break;
                case HaState.Quiescing when Mode == CounterMode.Active:
                    // Holding the gate means nothing is in flight: the quiesce is done as soon as it is asked.
                    Mode = CounterMode.Quiesced;
                    _writer = null;
                    await _haState.ConfirmQuiescedAsync(_options.Instance, _epoch, cancellationToken).ConfigureAwait(false);
                    break;
                case HaState.Active or HaState.Quiescing:
                    break;
                case HaState.Quiesced:
                    Mode = CounterMode.Quiesced;
                    _writer = null;
                    break;
                default:
                    Demote_NeedsLock();
                    break;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ActivateAsync_NeedsLock(long epoch, DateTimeOffset seen, CancellationToken cancellationToken)
    {
        try
        {
            // Claim first, then read: once claimed, no older active can add an acknowledged change we would miss.
            var locked = _time.GetUtcNow();
            var writer = await _checkpoints.OpenWriterAsync(epoch, _options.Unit, cancellationToken).ConfigureAwait(false);
            var claimed = _time.GetUtcNow();
            Load_NeedsLock(await _checkpoints.ReadAsync(cancellationToken).ConfigureAwait(false));

            _writer = writer;
            _epoch = epoch;
            Mode = CounterMode.Active;
            _firstAckPending = true;
            var active = _time.GetUtcNow();
            Log($"active epoch={epoch} seen={UnixMs(seen)} locked={UnixMs(locked)} claimed={UnixMs(claimed)} ready={UnixMs(active)} " +
                $"(gate {Ms(locked - seen)} ms, claim {Ms(claimed - locked)} ms, checkpoint read {Ms(active - claimed)} ms)");
        }
        catch (StaleCheckpointWriterException)
        {
            Demote_NeedsLock();
        }
    }

    private void Demote_NeedsLock()
    {
        Mode = CounterMode.Standby;
        _writer = null;
    }

    // Timestamps as Unix milliseconds with a tenth: a benchmark lines them up with its own clock (the same machine).
    private static string UnixMs(DateTimeOffset at) =>
        (at - DateTimeOffset.UnixEpoch).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
}
