using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nines.Cli.Output;

/// <summary>Writes the API's JSON as one indented document (the content unchanged) for <c>--output json</c>.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions _indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(TextWriter writer, string json) => WriteAsync(writer, JsonNode.Parse(json));

    public static Task WriteAsync(TextWriter writer, JsonNode? node) =>
        writer.WriteLineAsync(node?.ToJsonString(_indented) ?? "null");
}
