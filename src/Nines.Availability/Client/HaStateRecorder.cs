using System.Text.Json;
using Nines.Availability.Model;
using Nines.Store;

namespace Nines.Availability.Client;

/// <summary>
/// Records every change of a group's published HA states in revision order (a watch from the group's first
/// revision), so a test or benchmark can check that at no revision two units served the same instance (split brain)
/// and time when each unit became active. It sees the store, i.e. what the services see.
/// </summary>
public sealed class HaStateRecorder
{
    private readonly Lock _gate = new();
    private readonly List<HaStateChange> _changes = [];
    private readonly Dictionary<string, IReadOnlyList<InstanceHaState>> _current = new(StringComparer.Ordinal);
    private readonly IStateStore _store;
    private readonly string _group;
    private readonly TimeProvider _time;
    private readonly bool _singleActive;

    /// <summary>A recorder of <paramref name="group"/>'s records; <paramref name="singleActive"/> false for N-way-active groups.</summary>
    public HaStateRecorder(IStateStore store, string group, TimeProvider? time = null, bool singleActive = true)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _group = group;
        _time = time ?? TimeProvider.System;
        _singleActive = singleActive;
    }

    /// <summary>Every change so far, in revision order.</summary>
    public IReadOnlyList<HaStateChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>The changes after which some instance had more than one serving unit (empty unless split brain happened).</summary>
    public IReadOnlyList<HaStateChange> SplitBrains =>
        _singleActive ? [.. Changes.Where(c => c.Serving.Values.Any(units => units.Count > 1))] : [];

    /// <summary>The unit serving <paramref name="instance"/> now, or null.</summary>
    public string? ActiveOf(string instance)
    {
        lock (_gate)
        {
            return _current.Where(kv => kv.Value.Any(i => i.Instance == instance && i.State == HaState.Active)).Select(kv => kv.Key).FirstOrDefault();
        }
    }

    /// <summary>Watches the group's records from <paramref name="fromRevision"/> (0: from the start of the store's history) until cancelled.</summary>
    public async Task RunAsync(long fromRevision, CancellationToken cancellationToken)
    {
        var prefix = HaStateKeys.Units(_group);
        var prefixLength = prefix.ToString().Length;
        try
        {
            await foreach (var change in _store.WatchAsync(prefix, fromRevision, cancellationToken).ConfigureAwait(false))
            {
                var unit = change.Entry.Key.ToString()[prefixLength..];
                IReadOnlyList<InstanceHaState> instances = change.Kind == WatchEventKind.Put
                    ? JsonSerializer.Deserialize(change.Entry.Value.Span, HaStateJson.Default.HaStateRecord)?.Instances ?? []
                    : [];
                lock (_gate)
                {
                    _current[unit] = instances;
                    var serving = _current
                        .SelectMany(kv => kv.Value.Where(i => i.State is HaState.Active or HaState.Quiescing).Select(i => (i.Instance, Unit: kv.Key)))
                        .GroupBy(x => x.Instance, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(x => x.Unit)], StringComparer.Ordinal);
                    _changes.Add(new HaStateChange(change.Revision, _time.GetUtcNow(), unit, instances, serving));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
