namespace Nines.Drivers.Qemu.Processes;

/// <summary>
/// The files of one VM. The run directory (the driver's, 0700) holds the definition it was launched from, the last
/// state the driver recorded (what a re-attaching driver reads), the serial console log and QEMU's own output; its
/// <c>qemu/</c> directory belongs to the VM's QEMU user (0700): QMP and guest-agent sockets, pid file, and the temporary
/// disk overlays of <c>snapshot=on</c> (QEMU's <c>TMPDIR</c>).
/// </summary>
/// <remarks>
/// The split keeps what the driver trusts out of QEMU's reach: a QEMU taken over by its guest could otherwise rewrite
/// <c>definition.json</c> (the command line of its next launch) or <c>state.json</c>.
/// </remarks>
/// <param name="Path">The run directory.</param>
/// <param name="Legacy">
/// The layout of a QEMU launched by an earlier Nines (as root, daemonized): sockets and pid file in the run directory
/// itself. Only re-attach sees one (<see cref="Discover"/>); every launch uses the <c>qemu/</c> directory.
/// </param>
internal sealed record QemuRunDirectory(string Path, bool Legacy = false)
{
    private static readonly string[] _legacyRuntimeFiles = ["qmp.sock", "qga.sock", "qemu.pid"];

    /// <summary>The run directory at <paramref name="path"/> as the QEMU running there (if any) laid it out.</summary>
    public static QemuRunDirectory Discover(string path) =>
        new(path, Legacy: File.Exists(System.IO.Path.Combine(path, "qemu.pid")) && !Directory.Exists(System.IO.Path.Combine(path, "qemu")));

    /// <summary>The directory owned by the VM's QEMU user.</summary>
    public string QemuDirectory => Join("qemu");

    public string QmpSocket => System.IO.Path.Combine(Legacy ? Path : QemuDirectory, "qmp.sock");

    public string AgentSocket => System.IO.Path.Combine(Legacy ? Path : QemuDirectory, "qga.sock");

    public string PidFile => System.IO.Path.Combine(Legacy ? Path : QemuDirectory, "qemu.pid");

    public string ConsoleLog => Join("console.log");

    /// <summary>QEMU's standard output and error of its last launch (why a launch failed).</summary>
    public string QemuLog => Join("qemu.log");

    public string DefinitionFile => Join("definition.json");

    public string StateFile => Join("state.json");

    /// <summary>Removes what a previous QEMU left: its whole <c>qemu/</c> directory, or the legacy layout's sockets and pid file (never the definition or the console log).</summary>
    public void DeleteRuntimeFiles()
    {
        try
        {
            foreach (var name in _legacyRuntimeFiles)
            {
                File.Delete(Join(name));
            }

            Directory.Delete(QemuDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Gone already (never made, or removed with the whole run directory meanwhile).
        }
    }

    private string Join(string name) => System.IO.Path.Combine(Path, name);
}
