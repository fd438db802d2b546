using System.Text.Json;

namespace Nines.Networking.Testbed;

public sealed partial class NamespaceTestbed
{
    /// <summary>The state file's name inside the testbed directory.</summary>
    public const string StateFileName = "testbed.json";

    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    /// <summary>The state file: what a later process needs to find and remove this testbed.</summary>
    public string StateFile => Path.Combine(Directory, StateFileName);

    /// <summary>Reads the testbed recorded in <paramref name="directory"/>, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The state file exists but cannot be read as a testbed.</exception>
    public static NamespaceTestbed? Open(string directory)
    {
        var file = Path.Combine(directory, StateFileName);
        if (!File.Exists(file))
        {
            return null;
        }

        TestbedState? state;
        try
        {
            state = JsonSerializer.Deserialize<TestbedState>(File.ReadAllText(file), _json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: not a testbed state file: {e.Message}", e);
        }

        if (state is null || state.Id is < 1 or > MaxId || state.Hosts is null)
        {
            throw new InvalidDataException($"{file}: not a testbed state file (expected an id of 1-{MaxId} and a host list)");
        }

        return new NamespaceTestbed(state.Id, directory, [.. state.Hosts]);
    }

    /// <summary>The directories of every testbed recorded under <paramref name="baseDirectory"/>, by id.</summary>
    public static IReadOnlyList<string> List(string baseDirectory) =>
        !System.IO.Directory.Exists(baseDirectory)
            ? []
            : [.. System.IO.Directory.EnumerateDirectories(baseDirectory)
                .Where(d => File.Exists(Path.Combine(d, StateFileName)))
                .Order(StringComparer.Ordinal)];

    /// <summary>Removes the testbed recorded in <paramref name="directory"/>; nothing recorded there is not an error.</summary>
    public static async Task DownAsync(string directory, CancellationToken cancellationToken)
    {
        if (Open(directory) is { } testbed)
        {
            await testbed.DownAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Written to a temporary file and renamed into place, so a crash never leaves half a state file.</summary>
    private void WriteState()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = StateFile + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new TestbedState(Id, [.. Hosts]), _json));
        File.Move(temporary, StateFile, overwrite: true);
    }

    private sealed record TestbedState(int Id, TestbedHost[]? Hosts);
}
