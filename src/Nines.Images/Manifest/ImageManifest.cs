using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nines.Images.Manifest;

/// <summary>
/// <c>manifest.json</c> of an image directory: what went in (packages with their SHA-256), what came out
/// (files with size and SHA-256), and the content hash naming the image.
/// </summary>
internal sealed record ImageManifest(
    int Format,
    string ContentHash,
    string KernelVersion,
    string KernelCommandLine,
    int MinimumMemoryMiB,
    IReadOnlyList<ManifestFile> Files,
    IReadOnlyList<ManifestPackage> Packages,
    IReadOnlyList<string> Modules,
    IReadOnlyList<string> Libraries)
{
    public const int CurrentFormat = 1;
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions _json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, _json) + "\n";

    /// <summary>Parses a manifest; null when the text is not a manifest of the current format.</summary>
    public static ImageManifest? FromJson(string json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<ImageManifest>(json, _json);
            return manifest is { Format: CurrentFormat, Files: not null, Packages: not null } ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
