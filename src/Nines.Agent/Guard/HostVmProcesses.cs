using System.Text;
using Nines.Processes;

namespace Nines.Agent.Guard;

/// <summary>
/// Finds and kills a host's VM processes from its data directory alone (what the fence guard needs when the agent is
/// dead or hung): QEMU guests (<c>DATA/vms/ID/</c>: its pid file, and any process whose command line names a path there,
/// e.g. <c>-qmp unix:…/qmp.sock</c>) and OS-level instances (<c>DATA/instances/ID/</c>: the launcher shell running
/// <c>…/init.sh</c>, and the init whose host pid is in <c>init.pid</c> when it lives in a cgroup named after ID; killing
/// it, PID 1 of the instance's PID namespace, ends every process in there). Cgroups are not killed wholesale: they
/// are named by VM id only, so another host's copy of the VM may share one on the same machine.
/// </summary>
public static class HostVmProcesses
{
    private static readonly string[] _kinds = ["vms", "instances"];

    /// <summary>Every live VM process of the host whose data directory this is.</summary>
    public static IReadOnlyList<HostVmProcess> Find(string dataDirectory)
    {
        var data = Path.GetFullPath(dataDirectory);
        var prefixes = _kinds.Select(kind => Path.Combine(data, kind) + "/").ToArray();
        var found = new Dictionary<int, HostVmProcess>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != Environment.ProcessId && ReadArguments(pid) is { } arguments
                && arguments.SelectMany(a => prefixes.Select(p => IdAfter(a, p))).FirstOrDefault(id => id is not null) is { } id)
            {
                found[pid] = new HostVmProcess(id, pid);
            }
        }

        foreach (var (id, pid) in PidFiles(data))
        {
            found.TryAdd(pid, new HostVmProcess(id, pid));
        }

        return [.. found.Values.OrderBy(p => p.Pid)];
    }

    /// <summary>Kills (SIGKILL) every VM process of the host; returns what was killed.</summary>
    public static IReadOnlyList<HostVmProcess> KillAll(string dataDirectory)
    {
        var killed = new List<HostVmProcess>();
        foreach (var process in Find(dataDirectory))
        {
            if (ProcessProbe.Kill(process.Pid))
            {
                killed.Add(process);
            }
        }

        return killed;
    }

    private static IEnumerable<(string Id, int Pid)> PidFiles(string data)
    {
        var instances = Path.Combine(data, "instances");
        if (Directory.Exists(instances))
        {
            foreach (var run in Directory.EnumerateDirectories(instances))
            {
                var id = Path.GetFileName(run);
                if (ReadPid(Path.Combine(run, "init.pid")) is { } pid && ProcessProbe.IsAlive(pid) && InCgroupNamed(pid, id))
                {
                    yield return (id, pid);
                }
            }
        }

        var vms = Path.Combine(data, "vms");
        if (Directory.Exists(vms))
        {
            foreach (var run in Directory.EnumerateDirectories(vms))
            {
                foreach (var file in Directory.EnumerateFiles(run, "*.pid"))
                {
                    if (ReadPid(file) is { } pid && ProcessProbe.IsAlive(pid) && CommandIs(pid, "qemu-system"))
                    {
                        yield return (Path.GetFileName(run), pid);
                    }
                }
            }
        }
    }

    private static string? IdAfter(string argument, string prefix)
    {
        var at = argument.IndexOf(prefix, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = argument[(at + prefix.Length)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? rest[..slash] : null;
    }

    private static string[]? ReadArguments(int pid)
    {
        try
        {
            var bytes = File.ReadAllBytes($"/proc/{pid}/cmdline");
            return bytes.Length == 0 ? null : Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int? ReadPid(string file)
    {
        try
        {
            return int.TryParse(File.ReadAllText(file).Trim(), out var pid) && pid > 1 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool InCgroupNamed(int pid, string id)
    {
        try
        {
            return File.ReadAllLines($"/proc/{pid}/cgroup").Any(l => l.EndsWith("/" + id, StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool CommandIs(int pid, string prefix) =>
        ProcFs.ReadCommandName(pid)?.StartsWith(prefix, StringComparison.Ordinal) == true;
}
