using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Nines.Store;

namespace Nines.Availability.Client;

/// <summary>
/// How a service learns its HA state (the part of AMF's API an application needs): it reads and watches its
/// unit's record in the state store, and confirms a finished quiesce there. A service on a host with the
/// embedded store opens the same SQLite file; elsewhere the agent gives it a store connection.
/// </summary>
public sealed class HaStateClient
{
    private readonly IStateStore _store;

    /// <summary>A client for unit <paramref name="unit"/> of group <paramref name="group"/>.</summary>
    public HaStateClient(IStateStore store, string group, string unit)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        Group = group;
        Unit = unit;
        Key = HaStateKeys.Unit(group, unit);
    }

    /// <summary>The unit's group.</summary>
    public string Group { get; }

    /// <summary>The unit.</summary>
    public string Unit { get; }

    /// <summary>The key of the unit's record.</summary>
    public StoreKey Key { get; }

    /// <summary>The unit's HA state now (no assignments and epoch 0 when nothing was published).</summary>
    public async Task<HaStateSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var entry = await _store.GetAsync(Key, cancellationToken).ConfigureAwait(false);
        return Snapshot(entry);
    }

    /// <summary>
    /// The current HA state, then each change of it, until cancelled (<see cref="OperationCanceledException"/>).
    /// A deleted record reads as no assignments. Survives store compaction by re-reading.
    /// </summary>
    public async IAsyncEnumerable<HaStateSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var range = await _store.RangeAsync(Key, cancellationToken: cancellationToken).ConfigureAwait(false);
            yield return Snapshot(range.Entries.FirstOrDefault(e => e.Key == Key));
            var compacted = false;
            var stream = _store.WatchAsync(Key, range.Revision, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    HaStateSnapshot? next = null;
                    try
                    {
                        if (!await stream.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        // The prefix is the key itself, so longer keys that start with it are skipped.
                        if (stream.Current.Entry.Key == Key)
                        {
                            next = stream.Current.Kind == WatchEventKind.Put
                                ? Snapshot(stream.Current.Entry)
                                : new HaStateSnapshot(Group, Unit, [], stream.Current.Revision);
                        }
                    }
                    catch (StoreCompactedException)
                    {
                        compacted = true;
                        break;
                    }

                    if (next is not null)
                    {
                        yield return next;
                    }
                }
            }

            if (!compacted)
            {
                yield break;
            }
        }
    }

    /// <summary>Tells the agent the unit has nothing in flight for <paramref name="instance"/> any more (switchover).</summary>
    public Task<long> ConfirmQuiescedAsync(string instance, long epoch, CancellationToken cancellationToken = default) =>
        _store.PutAsync(
            HaStateKeys.Quiesced(Group, Unit, instance),
            Encoding.ASCII.GetBytes(epoch.ToString(CultureInfo.InvariantCulture)),
            cancellationToken: cancellationToken);

    private HaStateSnapshot Snapshot(KeyValueEntry? entry)
    {
        if (entry is null)
        {
            return new HaStateSnapshot(Group, Unit, [], 0);
        }

        var record = JsonSerializer.Deserialize(entry.Value.Span, HaStateJson.Default.HaStateRecord)
            ?? throw new InvalidDataException($"{Key}: the HA-state record is empty");
        return new HaStateSnapshot(Group, Unit, record.Instances, entry.ModRevision);
    }
}
