using System.Text.Json;
using Nines.Availability.Engine;
using Nines.Availability.Model;
using Nines.Store;

namespace Nines.Availability.Client;

/// <summary>
/// Publishes units' HA states where <see cref="HaStateClient"/> reads them: the applier's half of the contract.
/// Each change is a compare-on-revision read-modify-write of the unit's record, so two publishers cannot lose
/// each other's updates.
/// </summary>
public sealed class HaStatePublisher
{
    private readonly IStateStore _store;

    /// <summary>A publisher writing to <paramref name="store"/>.</summary>
    public HaStatePublisher(IStateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Publishes a <see cref="StepKind.SetHaState"/> step; returns the record's new revision (the unit's epoch).</summary>
    public Task<long> ApplyAsync(AvailabilityStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Kind != StepKind.SetHaState || step.Unit is null || step.Instance is null)
        {
            throw new ArgumentException($"step {step.Kind} is not an HA-state change of a unit and instance", nameof(step));
        }

        return SetAsync(step.Group, step.Unit, step.Instance, step.HaState, cancellationToken);
    }

    /// <summary>Sets (or with null removes) <paramref name="unit"/>'s state for <paramref name="instance"/>; returns the new revision.</summary>
    public async Task<long> SetAsync(string group, string unit, string instance, HaState? state, CancellationToken cancellationToken = default)
    {
        var key = HaStateKeys.Unit(group, unit);
        while (true)
        {
            var entry = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            var record = entry is null
                ? new HaStateRecord(group, unit, [])
                : JsonSerializer.Deserialize(entry.Value.Span, HaStateJson.Default.HaStateRecord)!;
            var others = record.Instances.Where(i => i.Instance != instance);
            var instances = state is { } s ? [.. others, new InstanceHaState(instance, s)] : others.ToList();
            var updated = record with { Instances = [.. instances.OrderBy(i => i.Instance, StringComparer.Ordinal)] };
            var result = await _store.TxnAsync(
                new Txn(
                    [TxnCompare.ModRevision(key, CompareResult.Equal, entry?.ModRevision ?? 0)],
                    [TxnOp.Put(key, JsonSerializer.SerializeToUtf8Bytes(updated, HaStateJson.Default.HaStateRecord))]),
                cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return result.Revision;
            }
        }
    }
}
