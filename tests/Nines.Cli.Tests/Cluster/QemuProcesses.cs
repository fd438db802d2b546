using System.Text;

namespace Nines.Cli.Tests.Cluster;

/// <summary>A running QEMU guest as <c>/proc</c> shows it: its pid, the VM id of its <c>-name</c>, its network namespace.</summary>
internal sealed record QemuProcess(int Pid, string VmId, string Namespace);

/// <summary>Finds the QEMU guests of this machine, wherever they run (namespace hosts share our pid namespace).</summary>
internal static class QemuProcesses
{
    /// <summary>Every live QEMU started by a Nines driver (its <c>-name VMID,process=…</c>).</summary>
    public static List<QemuProcess> Scan()
    {
        var found = new List<QemuProcess>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Read(pid) is { } qemu)
            {
                found.Add(qemu);
            }
        }

        return found;
    }

    private static QemuProcess? Read(int pid)
    {
        try
        {
            var arguments = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Split('\0');
            if (arguments.Length == 0 || !Path.GetFileName(arguments[0]).StartsWith("qemu-system", StringComparison.Ordinal))
            {
                return null;
            }

            var name = Array.IndexOf(arguments, "-name");
            if (name < 0 || name + 1 >= arguments.Length || !arguments[name + 1].Contains(",process=nines-", StringComparison.Ordinal))
            {
                return null;
            }

            var ns = new FileInfo($"/proc/{pid}/ns/net").LinkTarget;
            return ns is null ? null : new QemuProcess(pid, arguments[name + 1].Split(',')[0], ns);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // ended while we looked
        }
    }
}
