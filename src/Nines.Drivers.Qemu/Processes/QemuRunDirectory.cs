namespace Nines.Drivers.Qemu.Processes;

/// <summary>
/// The files of one VM in its run directory: QMP and guest-agent sockets, pid file, serial console log, the
/// definition it was launched from and the last state the driver recorded (what a re-attaching driver reads).
/// </summary>
internal sealed record QemuRunDirectory(string Path)
{
    public string QmpSocket => Join("qmp.sock");

    public string AgentSocket => Join("qga.sock");

    public string PidFile => Join("qemu.pid");

    public string ConsoleLog => Join("console.log");

    public string DefinitionFile => Join("definition.json");

    public string StateFile => Join("state.json");

    /// <summary>Removes what a previous QEMU left: sockets and pid file (never the definition or the console log).</summary>
    public void DeleteRuntimeFiles()
    {
        foreach (var file in new[] { QmpSocket, AgentSocket, PidFile })
        {
            File.Delete(file);
        }
    }

    private string Join(string name) => System.IO.Path.Combine(Path, name);
}
