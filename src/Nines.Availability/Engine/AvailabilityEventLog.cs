namespace Nines.Availability.Engine;

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
