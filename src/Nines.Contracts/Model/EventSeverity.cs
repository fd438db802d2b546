namespace Nines.Contracts.Model;

/// <summary>Whether an event is routine or needs attention.</summary>
public enum EventSeverity
{
    Normal,
    Warning,
}
