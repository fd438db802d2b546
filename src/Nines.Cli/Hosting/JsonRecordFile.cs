using System.Text.Json;
using Nines.Cli.Remote;

namespace Nines.Cli.Hosting;

/// <summary>A small owner-only (0600) JSON record a running process leaves in its data directory for others to find it.</summary>
internal static class JsonRecordFile
{
    /// <summary>The record, or null when the file is missing, unreadable or not the record's JSON.</summary>
    public static T? TryRead<T>(string path)
        where T : class
    {
        if (PrivateFile.TryRead(path) is not { } text)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, NinesApiClient.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static void Write<T>(string path, T record) => PrivateFile.Write(path, JsonSerializer.Serialize(record, NinesApiClient.Json) + "\n");
}
