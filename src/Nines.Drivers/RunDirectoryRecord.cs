using System.Text.Json;

namespace Nines.Drivers;

/// <summary>
/// The files a driver keeps in a VM's run directory for the next manager process (its definition, its last
/// recorded state): JSON, written atomically (temporary file, then rename), read back as null when missing or torn.
/// </summary>
internal static class RunDirectoryRecord
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    /// <summary>Writes the definition; scripted fake behaviour is not kept (it is test and demo input, not state).</summary>
    public static void WriteDefinition(string path, VmDefinition definition) => Write(path, definition with { Fake = null });

    public static VmDefinition? ReadDefinition(string path) => Read<VmDefinition>(path);

    public static void Write<T>(string path, T value)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(value, _json));
        File.Move(temporary, path, overwrite: true);
    }

    public static T? Read<T>(string path)
        where T : class
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), _json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
