using System.Globalization;

namespace Nines.Drivers.Container.Cgroups;

/// <summary>
/// One instance's control group (<c>PARENT/ID</c> in every hierarchy): created with its limits before the instance's
/// first process joins it, changed at run time, frozen and thawed, read for KPIs, removed once empty.
/// </summary>
internal sealed partial class InstanceCgroup(CgroupLayout layout, string parent, string id, TimeProvider time)
{
    /// <summary>The CFS period every quota is expressed in (100 ms, the kernel's default).</summary>
    public const int CfsPeriodMicroseconds = 100_000;

    public CgroupLayout Layout { get; } = layout;

    public string Relative { get; } = $"{parent}/{id}";

    /// <summary>The <c>cgroup.procs</c> files a process writes its pid to, to join every hierarchy.</summary>
    public IEnumerable<string> ProcsFiles => Layout.Directories(Relative).Select(d => Path.Combine(d, "cgroup.procs"));

    public bool Exists => Layout.Directories(Relative).Any(System.IO.Directory.Exists);

    /// <summary>True when <c>/proc/PID/cgroup</c> lines put the process in this group (a reused pid is not).</summary>
    public bool Holds(IReadOnlyList<string> procCgroupLines) =>
        procCgroupLines.Any(l => l.EndsWith(":/" + Relative, StringComparison.Ordinal));

    /// <summary>Creates the group (and the parent) in every hierarchy.</summary>
    public void Create()
    {
        if (Layout.Version == 2)
        {
            EnableV2Controllers(Layout.Root);
            var parentDirectory = Path.Combine(Layout.Root, parent);
            System.IO.Directory.CreateDirectory(parentDirectory);
            EnableV2Controllers(parentDirectory);
            System.IO.Directory.CreateDirectory(Path.Combine(Layout.Root, Relative));
            return;
        }

        foreach (var mount in Layout.V1Mounts.Values.Distinct(StringComparer.Ordinal))
        {
            System.IO.Directory.CreateDirectory(Path.Combine(mount, parent));
            System.IO.Directory.CreateDirectory(Path.Combine(mount, Relative));
        }

        // The device allow-list (defence in depth: in its user namespace an instance cannot make device nodes anyway).
        if (Layout.V1Mounts.TryGetValue(CgroupLayout.Devices, out var devices))
        {
            var group = Path.Combine(devices, Relative);
            File.WriteAllText(Path.Combine(group, "devices.deny"), "a");
            foreach (var rule in Sandbox.SandboxPolicy.DeviceCgroupRules)
            {
                File.WriteAllText(Path.Combine(group, "devices.allow"), rule);
            }
        }

        // A v1 cpuset starts empty and refuses tasks until it has CPUs and memory nodes: inherit the parent's.
        var cpuset = Layout.V1Mounts["cpuset"];
        foreach (var file in new[] { "cpuset.cpus", "cpuset.mems" })
        {
            InheritIfEmpty(Path.Combine(cpuset, parent, file), Path.Combine(cpuset, file));
            InheritIfEmpty(Path.Combine(cpuset, Relative, file), Path.Combine(cpuset, parent, file));
        }
    }

    /// <summary>Removes the group from every hierarchy, waiting briefly for exiting tasks to leave. Missing is fine.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        foreach (var directory in Layout.Directories(Relative))
        {
            for (var attempt = 0; System.IO.Directory.Exists(directory); attempt++)
            {
                try
                {
                    System.IO.Directory.Delete(directory);
                }
                catch (IOException) when (attempt < 50)
                {
                    // EBUSY while the last tasks of the instance are still exiting.
                    await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        WeighParent();
    }

    /// <summary>The host pids of every process in the group.</summary>
    public IReadOnlyList<int> Processes()
    {
        var procs = Path.Combine(Layout.Directory("memory", Relative), "cgroup.procs");
        try
        {
            return [.. File.ReadAllLines(procs).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>SIGKILLs every process of the group and thaws it (frozen tasks die only once thawed).</summary>
    public void KillAll()
    {
        foreach (var pid in Processes())
        {
            ProcessSignals.Send(pid, ProcessSignals.SigKill);
        }

        Thaw();
    }

    /// <summary>Thaws the group if it is frozen (a frozen task dies of SIGKILL only once thawed).</summary>
    public void Thaw()
    {
        try
        {
            if (Layout.Version == 2)
            {
                Write("freezer", "cgroup.freeze", "0");
            }
            else
            {
                Write("freezer", "freezer.state", "THAWED");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The group is gone already.
        }
    }

    private static void EnableV2Controllers(string directory)
    {
        var available = File.ReadAllText(Path.Combine(directory, "cgroup.controllers")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var wanted = new[] { "cpu", "cpuset", "memory", "pids" }.Where(available.Contains).Select(c => "+" + c);
        File.WriteAllText(Path.Combine(directory, "cgroup.subtree_control"), string.Join(' ', wanted));
    }

    private static void InheritIfEmpty(string file, string from)
    {
        if (File.ReadAllText(file).Trim().Length == 0)
        {
            File.WriteAllText(file, File.ReadAllText(from).Trim());
        }
    }

    private string PathOf(string controller, string name) => Path.Combine(Layout.Directory(controller, Relative), name);

    private string? ReadOrNull(string controller, string name)
    {
        try
        {
            return File.ReadAllText(PathOf(controller, name)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Write(string controller, string name, string value) => File.WriteAllText(PathOf(controller, name), value);

    private static long? Long(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
