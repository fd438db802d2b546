namespace Nines.Drivers.Container;

/// <summary>The files of one instance's run directory (which is also the instance's OCI bundle).</summary>
/// <param name="Path">The run directory, in the driver's state directory.</param>
/// <param name="MountDirectory">The instance's directory outside it where its root is mounted (<see cref="Sandbox.MountDirectory"/>).</param>
internal sealed record ContainerRunDirectory(string Path, string MountDirectory)
{
    public string DefinitionFile => Combine("definition.json");

    public string StateFile => Combine("state.json");

    public string LaunchScript => Combine("launch.sh");

    public string InitScript => Combine("init.sh");

    /// <summary>The OCI runtime configuration crun reads.</summary>
    public string ConfigFile => Combine("config.json");

    /// <summary>crun's <c>createRuntime</c> hook: records the init's pid and waits for <see cref="GoFifo"/>.</summary>
    public string CreateHook => Combine("hook-create.sh");

    /// <summary>crun's <c>poststart</c> hook: writes <see cref="StartedFile"/>.</summary>
    public string StartHook => Combine("hook-start.sh");

    /// <summary>crun's state directory (its <c>--root</c>).</summary>
    public string OciState => Combine("oci");

    /// <summary>The slot of the instance's id range (see <c>Sandbox/IdRangeAllocator</c>).</summary>
    public string IdSlotFile => Combine("idslot");

    /// <summary>The host id the root's files were given to (done again when it changes).</summary>
    public string OwnedFile => Combine("owned");

    /// <summary>The detached shell that joined the cgroups and runs crun (our supervisor).</summary>
    public string LauncherPidFile => Combine("launcher.pid");

    /// <summary>The host pid of the instance's init (PID 1 in its namespace).</summary>
    public string InitPidFile => Combine("init.pid");

    /// <summary>A FIFO the createRuntime hook waits on until the driver has plugged the instance's network in.</summary>
    public string GoFifo => Combine("go");

    /// <summary>Exists once crun has started the command (its root is in place).</summary>
    public string StartedFile => Combine("started");

    /// <summary>The init's exit status as crun reported it (128 + signal for a signal).</summary>
    public string ExitFile => Combine("exit");

    public string ConsoleLog => Combine("console.log");

    public string Upper => Combine("upper");

    public string Work => Combine("work");

    /// <summary>The instance's root (the overlay's mount point), in <see cref="MountDirectory"/>: a path its unprivileged root can walk.</summary>
    public string RootFs => System.IO.Path.Combine(MountDirectory, "rootfs");

    /// <summary>Files of the previous run that must not be mistaken for this one's.</summary>
    public IEnumerable<string> RunFiles => [LauncherPidFile, InitPidFile, GoFifo, StartedFile, ExitFile];

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
