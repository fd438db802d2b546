using System.Text.Json;

namespace Nines.Drivers.Qemu.Qmp;

/// <summary>A QEMU version as QMP reports it (greeting and <c>query-version</c>).</summary>
internal sealed record QemuVersion(int Major, int Minor, int Micro, string Package)
{
    public override string ToString() => Package.Length == 0 ? $"{Major}.{Minor}.{Micro}" : $"{Major}.{Minor}.{Micro} ({Package.Trim()})";

    /// <summary>Reads <c>{"qemu": {"major", "minor", "micro"}, "package"}</c>.</summary>
    internal static QemuVersion Parse(JsonElement version)
    {
        var qemu = version.GetProperty("qemu");
        return new QemuVersion(
            qemu.GetProperty("major").GetInt32(),
            qemu.GetProperty("minor").GetInt32(),
            qemu.GetProperty("micro").GetInt32(),
            version.TryGetProperty("package", out var package) ? package.GetString() ?? "" : "");
    }
}

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
