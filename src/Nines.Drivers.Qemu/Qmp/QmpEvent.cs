using System.Text.Json;

namespace Nines.Drivers.Qemu.Qmp;

/// <summary>
/// An asynchronous QMP event (SHUTDOWN, STOP, RESUME, RESET, POWERDOWN, WATCHDOG, GUEST_PANICKED, MIGRATION,
/// BALLOON_CHANGE, DEVICE_DELETED, …). Events this code does not know are passed through unchanged.
/// </summary>
/// <param name="Name">The event name as QEMU spells it.</param>
/// <param name="Data">The event's <c>data</c> member, or an empty object when it has none.</param>
/// <param name="Timestamp">When QEMU emitted the event (QEMU's host clock).</param>
internal sealed record QmpEvent(string Name, JsonElement Data, DateTimeOffset Timestamp)
{
    /// <summary>Reads a string member of <see cref="Data"/>, e.g. <c>action</c> of WATCHDOG or <c>reason</c> of SHUTDOWN.</summary>
    public string? GetDataString(string member) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>Event names the driver reacts to; QEMU may send others, which are delivered all the same.</summary>
internal static class QmpEventNames
{
    public const string Shutdown = "SHUTDOWN";
    public const string Powerdown = "POWERDOWN";
    public const string Reset = "RESET";
    public const string Stop = "STOP";
    public const string Resume = "RESUME";
    public const string Suspend = "SUSPEND";
    public const string Wakeup = "WAKEUP";
    public const string Watchdog = "WATCHDOG";
    public const string GuestPanicked = "GUEST_PANICKED";
    public const string Migration = "MIGRATION";
    public const string BalloonChange = "BALLOON_CHANGE";
    public const string DeviceDeleted = "DEVICE_DELETED";
}
