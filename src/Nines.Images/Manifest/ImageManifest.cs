using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nines.Images.Manifest;

/// <summary>One input package of the image.</summary>
/// <param name="Role">Why it is there: kernel, busybox, agent or library.</param>
internal sealed record ManifestPackage(string Name, string Version, string Sha256, string Role);

/// <summary>One produced file of the image.</summary>
internal sealed record ManifestFile(string Name, long Size, string Sha256);

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
