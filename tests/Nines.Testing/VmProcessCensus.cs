using System.Text;

namespace Nines.Testing;

/// <summary>One copy of a VM running on a host: the VM's driver id (<c>scenario.vm</c>), the host, one of its processes.</summary>
public sealed record VmCopy(string VmId, string Host, int Pid);

/// <summary>One look at the machine: every VM process found, grouped by the host whose data directory it belongs to.</summary>
/// <param name="At">When the look was taken, on the census timeline's clock.</param>
/// <param name="Processes">Every process of every VM copy (a copy may have several: launcher, init, QEMU's daemonizing parent).</param>
public sealed record CensusSample(TimeSpan At, IReadOnlyList<VmCopy> Processes)
{
    /// <summary>The hosts <paramref name="vmId"/> runs on in this sample (one entry per host, whatever its process count).</summary>
    public IReadOnlyList<string> HostsOf(string vmId) =>
        [.. Processes.Where(p => p.VmId == vmId).Select(p => p.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Every VM id seen, in order.</summary>
    public IReadOnlyList<string> VmIds => [.. Processes.Select(p => p.VmId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The most hosts any one VM runs on in this sample (0 when none runs).</summary>
    public int MaxCopies => Processes.Count == 0 ? 0 : Processes.GroupBy(p => p.VmId).Max(g => g.Select(p => p.Host).Distinct().Count());

    /// <summary>VM → hosts, for failure messages.</summary>
    public string Describe() =>
        $"at {At.TotalSeconds:0.000} s: " + (Processes.Count == 0 ? "no VM process" : string.Join(", ", VmIds.Select(vm =>
            $"{vm} on {string.Join("+", Processes.Where(p => p.VmId == vm).GroupBy(p => p.Host).Select(g => $"{g.Key}(pid {string.Join("/", g.Select(p => p.Pid))})"))}")));
}

/// <summary>
/// Finds, without asking any agent, the VM processes of hosts that share this machine's pid namespace (namespace
/// testbed hosts), and which host each belongs to, by the host's data directory (the agent's <c>--data</c>):
/// <list type="bullet">
/// <item>QEMU guests and OS-level instances' launcher shells: any process whose command line names a path under
/// <c>DATA/vms/ID/</c> or <c>DATA/instances/ID/</c> (QEMU's <c>-qmp unix:…/qmp.sock</c>, the launcher's
/// <c>/bin/sh …/init.sh</c>);</item>
/// <item>instances' inits (PID 1 of their PID namespace, exec'd into the instance's command, so no path in their
/// command line): the pid in <c>DATA/instances/ID/init.pid</c> when that process lives in a cgroup named after ID.</item>
/// </list>
/// The host is never inferred from a cgroup: instance cgroups are named by VM id only, so two hosts' copies of one VM
/// share a cgroup name.
/// </summary>
public static class VmProcessCensus
{
    private static readonly string[] _kinds = ["vms", "instances"];

    /// <summary>Every VM process of the hosts whose data directories are given (host name → directory).</summary>
    public static IReadOnlyList<VmCopy> Take(IReadOnlyDictionary<string, string> dataDirectoryOfHost)
    {
        ArgumentNullException.ThrowIfNull(dataDirectoryOfHost);
        var prefixes = dataDirectoryOfHost
            .SelectMany(h => _kinds.Select(kind => (Host: h.Key, Prefix: Path.Combine(Path.GetFullPath(h.Value), kind) + "/")))
            .ToList();
        var found = new List<VmCopy>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || ReadArguments(pid) is not { } arguments)
            {
                continue;
            }

            foreach (var (host, prefix) in prefixes)
            {
                if (arguments.Select(a => IdAfter(a, prefix)).FirstOrDefault(id => id is not null) is { } id)
                {
                    found.Add(new VmCopy(id, host, pid));
                    break;
                }
            }
        }

        foreach (var (host, data) in dataDirectoryOfHost)
        {
            found.AddRange(InstanceInits(host, Path.Combine(data, "instances")).Where(init => !found.Any(f => f.Pid == init.Pid)));
        }

        return found;
    }

    /// <summary>Whether <paramref name="pid"/> is a live (not zombie) process.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..];
            return state.Length > 0 && state[0] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static IEnumerable<VmCopy> InstanceInits(string host, string instances)
    {
        if (!Directory.Exists(instances))
        {
            yield break;
        }

        foreach (var run in Directory.EnumerateDirectories(instances))
        {
            var id = Path.GetFileName(run);
            if (ReadPid(Path.Combine(run, "init.pid")) is { } pid && IsAlive(pid) && InCgroupOf(pid, id))
            {
                yield return new VmCopy(id, host, pid);
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
            return bytes.Length == 0 || !IsAlive(pid) ? null : Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // ended while we looked
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

    private static bool InCgroupOf(int pid, string id)
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
}
