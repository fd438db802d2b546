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
