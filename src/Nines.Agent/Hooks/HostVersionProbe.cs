using System.Reflection;
using Nines.Contracts.Model;
using Nines.Processes;

namespace Nines.Agent.Hooks;

/// <summary>
/// Probes what a host runs — the agent's version, QEMU's, the kernel's — for its registration, at start and again
/// after a hook has ended (the hook may have upgraded any of them).
/// </summary>
public sealed class HostVersionProbe
{
    private static readonly string _agentVersion =
        typeof(HostVersionProbe).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private readonly IProcessRunner _processes;
    private readonly TimeProvider _time;
    private readonly string _qemu;
    private volatile HostVersions _current;

    /// <summary>A probe that asks <paramref name="qemu"/> (a path or a name in <c>PATH</c>) for its version.</summary>
    public HostVersionProbe(IProcessRunner processes, TimeProvider time, string qemu = "qemu-system-x86_64")
    {
        _processes = processes;
        _time = time;
        _qemu = qemu;
        _current = new HostVersions(_agentVersion, null, Kernel(), DateTimeOffset.MinValue);
    }

    /// <summary>The versions last probed (<see cref="HostVersions.ProbedAt"/> is <see cref="DateTimeOffset.MinValue"/> before the first probe).</summary>
    public HostVersions Current => _current;

    /// <summary>Probes the versions now and keeps them as <see cref="Current"/>.</summary>
    public async Task<HostVersions> RefreshAsync(CancellationToken cancellationToken)
    {
        var qemu = await QemuAsync(cancellationToken).ConfigureAwait(false);
        var probed = new HostVersions(_agentVersion, qemu, Kernel(), _time.GetUtcNow());
        _current = probed;
        return probed;
    }

    /// <summary>The version out of <c>qemu-system-x86_64 --version</c>'s first line (<c>QEMU emulator version 7.2.19 (Debian …)</c>).</summary>
    public static string? ParseQemuVersion(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        const string Prefix = "QEMU emulator version ";
        var first = output.Split('\n', 2)[0].Trim();
        return first.StartsWith(Prefix, StringComparison.Ordinal) && first.Length > Prefix.Length ? first[Prefix.Length..] : null;
    }

    private async Task<string?> QemuAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await _processes.RunAsync(ProcessRequest.Of(_qemu, "--version") with { Timeout = TimeSpan.FromSeconds(10) }, cancellationToken).ConfigureAwait(false);
            return result.ExitCode == 0 ? ParseQemuVersion(result.StandardOutput) : null;
        }
        catch (ProcessStartException)
        {
            return null;
        }
    }

    private static string Kernel()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return Environment.OSVersion.Version.ToString();
        }
    }
}
