namespace Nines.Drivers.Container.Cgroups;

/// <summary>
/// Where the cgroup controllers are mounted: one unified v2 hierarchy (<c>/sys/fs/cgroup/cgroup.controllers</c>
/// exists) or v1 hierarchies per controller (<c>/sys/fs/cgroup/memory</c>, …; co-mounted ones share a directory).
/// </summary>
internal sealed record CgroupLayout(int Version, string Root, IReadOnlyDictionary<string, string> V1Mounts)
{
    /// <summary>The v1 controllers the driver uses.</summary>
    public static readonly IReadOnlyList<string> V1Controllers = ["cpu", "cpuacct", "cpuset", "memory", "freezer", "pids"];

    /// <summary>The v1 <c>devices</c> controller: the device allow-list, used when the host mounts it.</summary>
    public const string Devices = "devices";

    public static CgroupLayout Detect(string root = "/sys/fs/cgroup")
    {
        if (File.Exists(Path.Combine(root, "cgroup.controllers")))
        {
            return new CgroupLayout(2, root, new Dictionary<string, string>());
        }

        var mounts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var controller in V1Controllers)
        {
            var directory = Path.Combine(root, controller);
            if (!System.IO.Directory.Exists(directory))
            {
                throw new InvalidOperationException($"cgroup v1 controller \"{controller}\" is not mounted at {directory}");
            }

            // cpu and cpuacct are often co-mounted (cpu -> cpu,cpuacct): one directory serves both.
            mounts[controller] = new DirectoryInfo(directory).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? directory;
        }

        var devices = Path.Combine(root, Devices);
        if (File.Exists(Path.Combine(devices, "devices.allow")))
        {
            mounts[Devices] = new DirectoryInfo(devices).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? devices;
        }

        return new CgroupLayout(1, root, mounts);
    }

    /// <summary>The distinct directories an instance's cgroup has (one on v2, one per v1 hierarchy).</summary>
    public IEnumerable<string> Directories(string relative) => Version == 2
        ? [Path.Combine(Root, relative)]
        : V1Mounts.Values.Distinct(StringComparer.Ordinal).Select(m => Path.Combine(m, relative));

    /// <summary>The directory of <paramref name="controller"/> for <paramref name="relative"/>.</summary>
    public string Directory(string controller, string relative) =>
        Path.Combine(Version == 2 ? Root : V1Mounts[controller], relative);
}
