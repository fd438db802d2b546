namespace Nines.Embedded.Tests.EndToEnd;

/// <summary>
/// The embedded host's data directory for one test (short: QEMU's socket paths are limited to 108 bytes), and the
/// QEMU processes launched from it: found by their arguments, which name run directories inside it.
/// </summary>
internal sealed class EndToEndDataDirectory : IAsyncDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ne2e-").FullName;

    /// <summary>Live (non-zombie) QEMU processes whose arguments point into this directory (VMs and accelerator probes).</summary>
    public IReadOnlyList<int> LiveQemuProcesses() =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(System.IO.Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId && IsOurQemu(pid))];

    /// <summary>
    /// The VMs among <see cref="LiveQemuProcesses"/>: daemonized QEMUs, the pid their own <c>-pidfile</c> names (while
    /// QEMU daemonizes, its launching parent carries the same arguments for a moment; accelerator probes have no pid file).
    /// </summary>
    public IReadOnlyList<int> LiveVmProcesses() =>
        [.. LiveQemuProcesses().Where(pid => PidFileOf(pid) is { } file && ReadFile(file).Trim() == pid.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string? PidFileOf(int pid)
    {
        var arguments = ReadCommandLine(pid).Split('\0');
        var index = Array.IndexOf(arguments, "-pidfile");
        return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : null;
    }

    /// <summary>Kills what a failed test left running (a passing test leaves nothing): QEMU, and Open vSwitch by its pid files.</summary>
    public void KillLeftovers()
    {
        var ovs = System.IO.Path.Combine(Path, "ovs");
        var daemons = Directory.Exists(ovs)
            ? Directory.EnumerateFiles(ovs, "*.pid").Select(f => int.TryParse(File.ReadAllText(f).Trim(), out var pid) ? pid : 0).Where(pid => pid > 0)
            : [];
        foreach (var pid in LiveQemuProcesses().Concat(daemons))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        KillLeftovers();
        Directory.Delete(Path, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static string ReadCommandLine(int pid) => ReadFile($"/proc/{pid}/cmdline");

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private bool IsOurQemu(int pid)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            var state = File.ReadAllText($"/proc/{pid}/stat");
            return cmdline.Contains("qemu-system", StringComparison.Ordinal)
                && cmdline.Contains(Path, StringComparison.Ordinal)
                && !state[(state.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
