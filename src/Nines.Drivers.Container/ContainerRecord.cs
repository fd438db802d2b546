namespace Nines.Drivers.Container;

/// <summary>
/// What a run directory keeps for the next manager process: the definition (<c>definition.json</c>) and the last
/// recorded state with the limits in force (<c>state.json</c>). Written atomically (temporary file, then rename).
/// </summary>
internal static class ContainerRecord
{
    public static void WriteDefinition(string path, VmDefinition definition) => RunDirectoryRecord.WriteDefinition(path, definition);

    public static VmDefinition? ReadDefinition(string path) => RunDirectoryRecord.ReadDefinition(path);

    public static void WriteState(string path, ContainerRunRecordDocument state) => RunDirectoryRecord.Write(path, state);

    public static ContainerRunRecordDocument? ReadState(string path) => RunDirectoryRecord.Read<ContainerRunRecordDocument>(path);

    /// <summary>The recorded state of an instance; its processes are checked again on re-attach.</summary>
    internal sealed record ContainerRunRecordDocument(
        VmState State,
        DateTimeOffset Since,
        DateTimeOffset? StartedAt,
        Limits Limits,
        VmExitKind? ExitKind,
        string? ExitMessage,
        int? ExitCode,
        int? ExitSignal);
}
