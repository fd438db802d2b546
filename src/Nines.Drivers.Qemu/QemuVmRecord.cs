namespace Nines.Drivers.Qemu;

/// <summary>
/// What a run directory keeps for the next manager process: the definition (<c>definition.json</c>) and the last
/// recorded state (<c>state.json</c>). Written atomically (temporary file, then rename).
/// </summary>
internal static class QemuVmRecord
{
    public static void WriteDefinition(string path, VmDefinition definition) => RunDirectoryRecord.WriteDefinition(path, definition);

    public static VmDefinition? ReadDefinition(string path) => RunDirectoryRecord.ReadDefinition(path);

    public static void WriteState(string path, QemuRunRecordDocument state) => RunDirectoryRecord.Write(path, state);

    public static QemuRunRecordDocument? ReadState(string path) => RunDirectoryRecord.Read<QemuRunRecordDocument>(path);

    /// <summary>The recorded state of a VM; the process itself is checked again on re-attach.</summary>
    internal sealed record QemuRunRecordDocument(
        VmState State,
        DateTimeOffset Since,
        string? Accelerator,
        bool GuestReady,
        string? SuspendedTo,
        VmExitKind? ExitKind,
        string? ExitMessage,
        int? ExitCode,
        int? ExitSignal);
}
