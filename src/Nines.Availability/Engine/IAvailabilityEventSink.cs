namespace Nines.Availability.Engine;

/// <summary>Where the engine sends its events; the control plane writes them to the store and the events stream.</summary>
public interface IAvailabilityEventSink
{
    /// <summary>Records <paramref name="availabilityEvent"/>. Called under the engine's lock: do not block.</summary>
    void Publish(AvailabilityEvent availabilityEvent);
}
