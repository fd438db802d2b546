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
