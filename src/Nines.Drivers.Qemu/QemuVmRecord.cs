using System.Text.Json;
using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Drivers.Qemu;

/// <summary>
/// What a run directory keeps for the next manager process: the definition (<c>definition.json</c>) and the last
/// recorded state (<c>state.json</c>). Written atomically (temporary file, then rename).
/// </summary>
internal static class QemuVmRecord
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    public static void WriteDefinition(string path, VmDefinition definition) =>
        WriteAtomically(path, JsonSerializer.Serialize(DefinitionDocument.From(definition), _json));

    public static VmDefinition? ReadDefinition(string path) =>
        Read<DefinitionDocument>(path)?.ToDefinition();

    public static void WriteState(string path, StateDocument state) =>
        WriteAtomically(path, JsonSerializer.Serialize(state, _json));

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

    /// <summary>The recorded state of a VM; the process itself is checked again on re-attach.</summary>
    internal sealed record StateDocument(
        VmState State,
        DateTimeOffset Since,
        string? Accelerator,
        bool GuestReady,
        string? SuspendedTo,
        VmExitKind? ExitKind,
        string? ExitMessage,
        int? ExitCode,
        int? ExitSignal);

    /// <summary>A <see cref="VmDefinition"/> in a form System.Text.Json reads back (the fake's behaviour is not kept).</summary>
    private sealed record DefinitionDocument(
        string Id,
        string Name,
        long MemoryMiB,
        int Vcpus,
        BootSource Boot,
        NicDefinition[] Nics,
        WatchdogDefinition? Watchdog,
        bool GuestAgent,
        QosSpec? Qos,
        string? RunDirectory)
    {
        public static DefinitionDocument From(VmDefinition d) =>
            new(d.Id, d.Name, d.MemoryMiB, d.Vcpus, d.Boot, [.. d.Nics], d.Watchdog, d.GuestAgent, d.Qos, d.RunDirectory);

        public VmDefinition ToDefinition() =>
            new(Id, Name, MemoryMiB, Vcpus, Boot, ValueList.From(Nics), Watchdog, GuestAgent, Qos, RunDirectory);
    }
}
