using System.Text.Json;
using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Drivers.Container;

/// <summary>
/// What a run directory keeps for the next manager process: the definition (<c>definition.json</c>) and the last
/// recorded state with the limits in force (<c>state.json</c>). Written atomically (temporary file, then rename).
/// </summary>
internal static class ContainerRecord
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    public static void WriteDefinition(string path, VmDefinition definition) =>
        WriteAtomically(path, JsonSerializer.Serialize(DefinitionDocument.From(definition), _json));

    public static VmDefinition? ReadDefinition(string path) => Read<DefinitionDocument>(path)?.ToDefinition();

    public static void WriteState(string path, StateDocument state) => WriteAtomically(path, JsonSerializer.Serialize(state, _json));

    public static StateDocument? ReadState(string path) => Read<StateDocument>(path);

    private static T? Read<T>(string path)
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

    private static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The recorded state of an instance; its processes are checked again on re-attach.</summary>
    internal sealed record StateDocument(
        VmState State,
        DateTimeOffset Since,
        DateTimeOffset? StartedAt,
        Limits Limits,
        VmExitKind? ExitKind,
        string? ExitMessage,
        int? ExitCode,
        int? ExitSignal);

    /// <summary>A <see cref="VmDefinition"/> in a form System.Text.Json reads back.</summary>
    private sealed record DefinitionDocument(
        string Id,
        string Name,
        long MemoryMiB,
        int Vcpus,
        BootSource Boot,
        bool GuestAgent,
        NicDefinition[] Nics,
        QosSpec? Qos,
        string? RunDirectory,
        string[] Command,
        string? RootDirectory,
        int? PidsLimit,
        string[] Environment,
        bool HasContainer)
    {
        public static DefinitionDocument From(VmDefinition d) => new(
            d.Id, d.Name, d.MemoryMiB, d.Vcpus, d.Boot, d.GuestAgent, [.. d.Nics], d.Qos, d.RunDirectory,
            [.. d.Container?.Command ?? []], d.Container?.RootDirectory, d.Container?.PidsLimit, [.. d.Container?.Environment ?? []], d.Container is not null);

        public VmDefinition ToDefinition() => new(
            Id, Name, MemoryMiB, Vcpus, Boot, ValueList.From(Nics), GuestAgent: GuestAgent, Qos: Qos, RunDirectory: RunDirectory,
            Container: HasContainer ? new ContainerDefinition(ValueList.From(Command), RootDirectory, PidsLimit, ValueList.From(Environment)) : null);
    }
}
