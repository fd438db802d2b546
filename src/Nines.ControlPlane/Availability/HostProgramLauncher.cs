using System.Diagnostics;
using System.Globalization;
using Nines.Drivers;
using Nines.Networking.Commands;

namespace Nines.ControlPlane.Availability;

/// <summary>
/// Launches a program installed on the host inside a unit's OS-level instance (the instance's namespaces and cgroups,
/// killed with it): the host's root file system is bind-mounted read-write at <c>/host</c> in the instance's mount
/// namespace (with the instance's own <c>/proc</c>, <c>/dev</c> and <c>/sys</c> over it) and the program runs
/// chrooted there, so it finds the host's runtime and files — e.g. the embedded store's SQLite file, for its
/// checkpoints and HA state. It waits until the program's output shows <see cref="ReadyText"/>.
/// </summary>
/// <remarks>
/// Only for instances on the machine this process runs on (embedded mode): the mounts are made with
/// <c>nsenter</c> on the instance's init. The instance sees the whole host file system: for trusted services only.
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

        var root = $"/proc/{pid}/root";
        var mount = $"mkdir -p {root}/host && if ! grep -q ' /host ' /proc/{pid}/mounts; then " +
            $"mount --bind / {root}/host && mount --bind {root}/proc {root}/host/proc && mount --rbind {root}/dev {root}/host/dev && mount --bind {root}/sys {root}/host/sys; fi";
        (await _machine.RunAsync("nsenter", ["-t", pid, "-m", "--", "/bin/sh", "-c", mount], null, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();

        var log = LogOf(unit.VmId);
        File.Delete(log);
        var command = string.Join(' ', _command(unit).Select(Quote));
        // The redirections happen inside the chroot: the log path is a host path.
        var inner = $"exec /usr/bin/env HOME=/root DOTNET_CLI_TELEMETRY_OPTOUT=1 {command} > {Quote(log)} 2>&1 < /dev/null";
        var start = $"chroot /host /bin/sh -c {Quote(inner)} > /dev/null 2>&1 < /dev/null &";
        var result = await unit.Agent.ExecVmAsync(unit.VmId, new GuestCommand("/bin/sh", ["-c", start], Timeout: TimeSpan.FromSeconds(30)), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"launching in {unit.VmId} failed with exit code {result.ExitCode}: {result.StandardError.Trim()}");
        }

        await WaitReadyAsync(log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An OS-level instance's init lives in a PID namespace of its own; a hypervisor process in ours.</summary>
    private static bool IsInstanceInit(string pid)
    {
        var theirs = new FileInfo($"/proc/{pid}/ns/pid").LinkTarget;
        return theirs is not null && theirs != new FileInfo("/proc/self/ns/pid").LinkTarget;
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
