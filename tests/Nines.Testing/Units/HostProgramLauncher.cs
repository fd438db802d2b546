using System.Diagnostics;
using System.Globalization;
using Nines.Controller.AvailabilityShell;
using Nines.Drivers;
using Nines.Networking.Commands;

namespace Nines.Testing.Units;

/// <summary>
/// Launches a program installed on the host beside a unit's OS-level instance, in its network and PID namespaces and
/// its cgroups (so it serves on the instance's addresses, counts against its limits and dies with it), on the host's
/// file system and as the host's root, so it finds the host's runtime and files — e.g. the embedded store's SQLite
/// file, for its checkpoints and HA state. The instance itself stays sandboxed: nothing of the host is mounted into it.
/// It waits until the program's output shows <see cref="ReadyText"/>.
/// </summary>
/// <remarks>
/// Only for instances on the machine this process runs on (embedded mode): the program is started with
/// <c>nsenter</c> on the instance's init and becomes a child of that init. The program is not confined: for trusted
/// services only.
/// </remarks>
public sealed class HostProgramLauncher : IUnitLauncher
{
    private static readonly ProcessCommandRunner _machine = new();
    private readonly Func<UnitLaunch, IReadOnlyList<string>> _command;

    /// <summary>A launcher running <paramref name="command"/> (host program and arguments) for each unit.</summary>
    public HostProgramLauncher(Func<UnitLaunch, IReadOnlyList<string>> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _command = command;
    }

    /// <summary>The text the program prints once it serves (null: do not wait).</summary>
    public string? ReadyText { get; init; } = "listening on";

    /// <summary>How long the program may take to print <see cref="ReadyText"/>.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the program's output goes on the host (one file per VM).</summary>
    public string LogDirectory { get; init; } = Path.GetTempPath();

    /// <summary>
    /// What launches the application of a unit that is not an OS-level instance (a QEMU guest: its process shares this
    /// machine's PID namespace and has no root of its own to mount the host into); the scenario's <c>start</c> sequence by default.
    /// </summary>
    public IUnitLauncher Otherwise { get; init; } = new SequenceUnitLauncher();

    /// <summary>The log file of <paramref name="vmId"/>'s program.</summary>
    public string LogOf(string vmId) => Path.Combine(LogDirectory, $"nines-unit-{vmId}.log");

    /// <inheritdoc/>
    public async Task LaunchAsync(UnitLaunch unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var status = await unit.Agent.InspectVmAsync(unit.VmId, cancellationToken).ConfigureAwait(false);
        if (status is not { State: VmState.Running, ProcessId: { } init })
        {
            throw new InvalidOperationException($"{unit.VmId} is {status.State}: no init to launch in");
        }

        var pid = init.ToString(CultureInfo.InvariantCulture);
        if (!IsInstanceInit(pid))
        {
            await Otherwise.LaunchAsync(unit, cancellationToken).ConfigureAwait(false);
            return;
        }

        var log = LogOf(unit.VmId);
        File.Delete(log);
        var command = string.Join(' ', _command(unit).Select(Quote));
        var join = string.Concat(CgroupProcsFiles(pid).Select(f => $"echo $$ > {Quote(f)} && "));
        (await _machine.RunAsync("/bin/sh", ["-c", $"{join}exec nsenter -t {pid} -n -p -- /bin/sh -c {Quote(InNamespace(command, log))}"], null, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();

        await WaitReadyAsync(log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The shell nsenter runs in the instance's PID namespace: the program in the background, in a session of its own, its
    /// output to <paramref name="log"/>, and the shell ends at once. The orphan is adopted by the instance's init (PID 1
    /// of the namespace), as a process started inside would be, so it is killed and reaped with the instance. Left as
    /// nsenter's child it would be reaped on the host by nsenter, which mirrors its child's stops: a hung (stopped)
    /// program stopped nsenter too, so the program, killed with the instance, stayed a zombie until the cgroup was
    /// killed seconds later and the host's PID 1 reaped it.
    /// </summary>
    private static string InNamespace(string command, string log) =>
        $"setsid /usr/bin/env HOME=/root DOTNET_CLI_TELEMETRY_OPTOUT=1 {command} > {Quote(log)} 2>&1 < /dev/null &";

    /// <summary>An OS-level instance's init lives in a PID namespace of its own; a hypervisor process in ours.</summary>
    private static bool IsInstanceInit(string pid)
    {
        var theirs = new FileInfo($"/proc/{pid}/ns/pid").LinkTarget;
        return theirs is not null && theirs != new FileInfo("/proc/self/ns/pid").LinkTarget;
    }

    /// <summary>The <c>cgroup.procs</c> files of the init's groups in every v1 hierarchy (or its v2 group on a unified host).</summary>
    private static IEnumerable<string> CgroupProcsFiles(string pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/cgroup").Select(l => l.Split(':', 3)).Where(f => f.Length == 3).ToList();
        var v1 = lines.Where(f => f[1].Length > 0 && !f[1].StartsWith("name=", StringComparison.Ordinal))
            .Select(f => Path.Combine("/sys/fs/cgroup", f[1].Split(',')[0], f[2].TrimStart('/'), "cgroup.procs"))
            .Where(File.Exists)
            .ToList();
        return v1.Count > 0
            ? v1
            : lines.Where(f => f[1].Length == 0).Select(f => Path.Combine("/sys/fs/cgroup", f[2].TrimStart('/'), "cgroup.procs")).Where(File.Exists);
    }

    private async Task WaitReadyAsync(string log, CancellationToken cancellationToken)
    {
        if (ReadyText is null)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            var text = File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false) : string.Empty;
            if (text.Contains(ReadyText, StringComparison.Ordinal))
            {
                return;
            }

            if (clock.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"the program did not print \"{ReadyText}\" within {ReadyTimeout.TotalSeconds:0} s; its output: {text.Trim()}");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
