namespace Nines.Availability.Engine;

/// <summary>The kinds of availability event.</summary>
public enum AvailabilityEventKind
{
    /// <summary>A recovery decision, with its reason.</summary>
    RecoveryDecided,

    /// <summary>A unit's HA state for an instance changed.</summary>
    HaStateChanged,

    /// <summary>A unit's presence or operational state changed (failed, fenced, ready).</summary>
    UnitStateChanged,

    /// <summary>A new unit was asked for.</summary>
    InstantiationRequested,

    /// <summary>Something the policy could not do (an instance without active or standby) or an admin request refused.</summary>
    Warning,
}

/// <summary>One user-visible event of the availability manager (it goes to the store and the events stream).</summary>
public sealed record AvailabilityEvent(
    DateTimeOffset At,
    string Group,
    AvailabilityEventKind Kind,
    string Message,
    string? Unit = null,
    string? Instance = null);

/// <summary>Where the engine sends its events; the control plane writes them to the store and the events stream.</summary>
public interface IAvailabilityEventSink
{
    /// <summary>Records <paramref name="availabilityEvent"/>. Called under the engine's lock: do not block.</summary>
    void Publish(AvailabilityEvent availabilityEvent);
}

/// <summary>An in-memory event sink: keeps every event in order (tests, demos, the last events of a group).</summary>
public sealed class AvailabilityEventLog : IAvailabilityEventSink
{
    private readonly Lock _gate = new();
    private readonly List<AvailabilityEvent> _events = [];

    /// <summary>A copy of the events so far, in order.</summary>
    public IReadOnlyList<AvailabilityEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <inheritdoc/>
    public void Publish(AvailabilityEvent availabilityEvent)
    {
        ArgumentNullException.ThrowIfNull(availabilityEvent);
        lock (_gate)
        {
            _events.Add(availabilityEvent);
        }
    }
}
