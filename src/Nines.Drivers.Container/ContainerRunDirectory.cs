namespace Nines.Drivers.Container;

/// <summary>The files of one instance's run directory.</summary>
internal sealed record ContainerRunDirectory(string Path)
{
    public string DefinitionFile => Combine("definition.json");

    public string StateFile => Combine("state.json");

    public string LaunchScript => Combine("launch.sh");

    public string InitScript => Combine("init.sh");

    /// <summary>The detached shell that joined the cgroups, started the namespaces and waits for them (our supervisor).</summary>
    public string LauncherPidFile => Combine("launcher.pid");

    /// <summary>The host pid of the instance's init (PID 1 in its namespace).</summary>
    public string InitPidFile => Combine("init.pid");

    /// <summary>A FIFO the init waits on until the driver has plugged its network in.</summary>
    public string GoFifo => Combine("go");

    /// <summary>The init's exit status as the launcher's shell saw it (128 + signal for a signal).</summary>
    public string ExitFile => Combine("exit");

    public string ConsoleLog => Combine("console.log");

    public string Upper => Combine("upper");

    public string Work => Combine("work");

    public string RootFs => Combine("rootfs");

    /// <summary>Files of the previous run that must not be mistaken for this one's.</summary>
    public IEnumerable<string> RunFiles => [LauncherPidFile, InitPidFile, GoFifo, ExitFile];

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
