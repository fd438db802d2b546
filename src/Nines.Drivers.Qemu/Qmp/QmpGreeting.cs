using System.Text.Json;

namespace Nines.Drivers.Qemu.Qmp;

/// <summary>What QEMU announced on connect: its version and the optional protocol capabilities it offers.</summary>
internal sealed record QmpGreeting(QemuVersion Version, IReadOnlyList<string> Capabilities)
{
    /// <summary>Reads <c>{"QMP": {"version": …, "capabilities": [...]}}</c>.</summary>
    /// <exception cref="FormatException">The object is not a QMP greeting.</exception>
    internal static QmpGreeting Parse(JsonElement message)
    {
        try
        {
            var qmp = message.GetProperty("QMP");
            var capabilities = qmp.TryGetProperty("capabilities", out var caps)
                ? caps.EnumerateArray().Select(c => c.GetString() ?? "").ToArray()
                : [];
            return new QmpGreeting(QemuVersion.Parse(qmp.GetProperty("version")), capabilities);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"expected a QMP greeting {{\"QMP\": {{\"version\": …}}}}, got {Truncate(message.GetRawText())}", e);
        }
    }

    internal static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
