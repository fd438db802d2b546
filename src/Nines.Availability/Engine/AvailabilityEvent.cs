namespace Nines.Availability.Engine;

/// <summary>One user-visible event of the availability manager (it goes to the store and the events stream).</summary>
public sealed record AvailabilityEvent(
    DateTimeOffset At,
    string Group,
    AvailabilityEventKind Kind,
    string Message,
    string? Unit = null,
    string? Instance = null);
