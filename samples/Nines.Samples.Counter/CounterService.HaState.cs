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

    private async Task ApplyAsync(HaStateSnapshot snapshot, CancellationToken cancellationToken)
    {
        var state = snapshot.StateOf(_options.Instance);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            switch (state)
            {
                case HaState.Active when Mode != CounterMode.Active:
                    await ActivateAsync_NeedsLock(snapshot.Epoch, cancellationToken).ConfigureAwait(false);
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

    private async Task ActivateAsync_NeedsLock(long epoch, CancellationToken cancellationToken)
    {
        try
        {
            // Claim first, then read: once claimed, no older active can add an acknowledged change we would miss.
            var writer = await _checkpoints.OpenWriterAsync(epoch, _options.Unit, cancellationToken).ConfigureAwait(false);
            var latest = await _checkpoints.ReadAsync(cancellationToken).ConfigureAwait(false);
            _counters.Clear();
            foreach (var (key, value) in latest?.Sections ?? new Dictionary<string, ReadOnlyMemory<byte>>())
            {
                _counters[key] = Decode(value);
            }

            _writer = writer;
            _epoch = epoch;
            Mode = CounterMode.Active;
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
}
