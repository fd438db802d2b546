using System.Text.Json;
using System.Text.Json.Nodes;
using Nines.Drivers.Container.Launch;

namespace Nines.Drivers.Container.Sandbox;

/// <summary>
/// The OCI runtime configuration (<c>config.json</c> of the bundle, which is the run directory) crun starts an instance
/// from: new user (root inside = <paramref name="HostId"/> on the host, 65536 ids), PID, mount, network, IPC, UTS and
/// cgroup namespaces; <c>pivot_root</c> into the overlay root; <see cref="SandboxPolicy"/>'s capabilities, devices,
/// masked and read-only paths; <c>no_new_privs</c>; <see cref="SeccompProfile"/>. No host directory is mounted: the
/// root is the only file system from the host, and its lower layer is never written. Two hooks run on the host: at
/// <c>createRuntime</c> (namespaces made, nothing started) the instance's init pid is recorded and the hook waits until
/// the driver has plugged the veths in; at <c>poststart</c> the start is recorded. Pure.
/// </summary>
internal sealed record OciConfig(ContainerRunDirectory Run, VmDefinition Definition, long HostId)
{
    /// <summary>The name of the container in crun's state directory (one per run directory, so always the same).</summary>
    public const string ContainerName = "instance";

    /// <summary>The environment of the command and of every exec.</summary>
    public IReadOnlyList<string> Environment =>
        [$"PATH={LaunchScripts.Path}", "HOME=/root", $"HOSTNAME={Definition.Name}", "TERM=linux", .. Definition.Container?.Environment ?? []];

    public string ToJson()
    {
        var config = new JsonObject
        {
            ["ociVersion"] = "1.0.2",
            ["process"] = Process(LaunchScripts.CommandOf(Definition)),
            ["root"] = new JsonObject { ["path"] = Run.RootFs, ["readonly"] = false },
            ["hostname"] = Definition.Name,
            ["mounts"] = Mounts(),
            ["hooks"] = new JsonObject
            {
                ["createRuntime"] = new JsonArray(Hook(Run.CreateHook)),
                ["poststart"] = new JsonArray(Hook(Run.StartHook)),
            },
            ["linux"] = new JsonObject
            {
                ["uidMappings"] = IdMappings(),
                ["gidMappings"] = IdMappings(),
                ["namespaces"] = new JsonArray([.. new[] { "pid", "network", "ipc", "uts", "mount", "user", "cgroup" }.Select(t => new JsonObject { ["type"] = t })]),
                ["devices"] = new JsonArray([.. SandboxPolicy.Devices.Select(d => new JsonObject
                {
                    ["path"] = "/dev/" + d.Name,
                    ["type"] = "c",
                    ["major"] = d.Major,
                    ["minor"] = d.Minor,
                    ["fileMode"] = 438,
                    ["uid"] = 0,
                    ["gid"] = 0,
                })]),
                ["maskedPaths"] = Strings(SandboxPolicy.MaskedPaths),
                ["readonlyPaths"] = Strings(SandboxPolicy.ReadonlyPaths),
                ["rootfsPropagation"] = "private",
                ["seccomp"] = SeccompProfile.ToOci(),
            },
        };
        return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The <c>process</c> object: for the init, and (with <paramref name="args"/> of a command) for <c>crun exec --process</c>.</summary>
    public JsonObject Process(IReadOnlyList<string> args) => new()
    {
        ["terminal"] = false,
        ["user"] = new JsonObject { ["uid"] = 0, ["gid"] = 0 },
        ["args"] = Strings(args),
        ["env"] = Strings(Environment),
        ["cwd"] = "/",
        ["capabilities"] = new JsonObject
        {
            ["bounding"] = Strings(SandboxPolicy.Capabilities),
            ["effective"] = Strings(SandboxPolicy.Capabilities),
            ["permitted"] = Strings(SandboxPolicy.Capabilities),
            ["inheritable"] = new JsonArray(),
            ["ambient"] = new JsonArray(),
        },
        ["noNewPrivileges"] = true,
    };

    private JsonArray IdMappings() => new(new JsonObject { ["containerID"] = 0, ["hostID"] = HostId, ["size"] = SandboxPolicy.IdRangeSize });

    private static JsonObject Hook(string script) => new() { ["path"] = "/bin/sh", ["args"] = new JsonArray("sh", script) };

    private static JsonArray Mounts() => new(
        Mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
        Mount("/dev", "tmpfs", "tmpfs", "nosuid", "noexec", "strictatime", "mode=755", "size=64k"),
        Mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
        Mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),

        // The instance's own sysfs (its network namespace's interfaces: scripts find NICs by MAC), read-only.
        Mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"));

    private static JsonObject Mount(string destination, string type, string source, params string[] options) => new()
    {
        ["destination"] = destination,
        ["type"] = type,
        ["source"] = source,
        ["options"] = Strings(options),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
