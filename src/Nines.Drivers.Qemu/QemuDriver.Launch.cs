using System.Globalization;
using System.Net.Sockets;
using Nines.Drivers.Errors;
using Nines.Drivers.Qemu.GuestAgent;
using Nines.Drivers.Qemu.Processes;
using Nines.Drivers.Qemu.Qmp;
using Nines.Drivers.StateFiles;

namespace Nines.Drivers.Qemu;

/// <summary>Launching a confined QEMU: its user, its directories, detaching it, and waiting until QMP answers.</summary>
internal sealed partial class QemuDriver
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly TimeSpan _listenPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Run by <c>/bin/sh</c> (after the launch prefix): QEMU's output to the run directory's <c>qemu.log</c>, its temporary
    /// files (<c>snapshot=on</c> overlays) in its own directory, a session of its own (it outlives the driver, and no
    /// terminal's signals reach it), in the background; prints its pid. <c>setsid</c> execs in place (the background job
    /// is no group leader), so <c>$!</c> is QEMU's pid. The paths are arguments, never part of the script.
    /// </summary>
    private const string DetachScript = "umask 077; log=$1; tmp=$2; shift 2; TMPDIR=$tmp setsid \"$@\" </dev/null >\"$log\" 2>&1 & echo $!";

    /// <summary>Starts QEMU for <paramref name="vm"/> (confined: its own uid, seccomp) and connects QMP and the guest agent.</summary>
    private async Task LaunchAsync(QemuVm vm, bool incoming, CancellationToken cancellationToken)
    {
        var run = vm.Run = vm.Run with { Legacy = false };
        var user = PrepareDirectories(vm.Id, run);
        var arguments = QemuCommandLine.Build(vm.Definition, Accelerator.Accelerator, run, incoming, user);
        ProcessResult launched;
        try
        {
            string[] command = [.. _options.LaunchPrefix, "/bin/sh", "-c", DetachScript, "nines-qemu-launch", run.QemuLog, run.QemuDirectory, _options.QemuBinary, .. arguments];
            launched = await _options.Processes.RunAsync(new ProcessRequest(command[0], command[1..]), cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException e)
        {
            throw new DriverFailureException(vm.Id, $"QEMU (\"{_options.QemuBinary}\") cannot be run: {e.Message}", e);
        }

        if (launched.ExitCode != 0 || !int.TryParse(launched.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            throw new DriverFailureException(vm.Id, $"vm \"{vm.Id}\" failed to start: the launch exited with code {launched.ExitCode}: {launched.StandardError.Trim()}");
        }

        QmpClient? qmp = null;
        GuestAgentClient? agent = null;
        try
        {
            qmp = await ConnectWhenListeningAsync(vm, pid, cancellationToken).ConfigureAwait(false);
            SecureRuntimeFiles(run, user);
            if (vm.Definition.GuestAgent)
            {
                agent = await GuestAgentClient.ConnectAsync(run.AgentSocket, AgentOptions, cancellationToken).ConfigureAwait(false);
            }

            await EnableBalloonStatisticsAsync(qmp, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpConnectionBrokenException or QmpTimeoutException or SocketException or GuestAgentTimeoutException or QmpCommandException or IOException)
        {
            await DisposeClientsAsync(qmp, agent).ConfigureAwait(false);
            ProcessSignals.Kill(pid);
            throw new DriverFailureException(vm.Id, $"vm \"{vm.Id}\": QEMU started (pid {pid}) but its sockets did not answer: {e.Message}", e);
        }
        catch (Exception e) when (e is OperationCanceledException or DriverFailureException)
        {
            // A start given up by its caller (a deploy undone while the guest launched) leaves no process behind.
            await DisposeClientsAsync(qmp, agent).ConfigureAwait(false);
            ProcessSignals.Kill(pid);
            throw;
        }

        try
        {
            await ApplyVcpuQosAsync(vm.Id, vm.Definition, qmp, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DriverFailureException or QmpCommandException or QmpConnectionBrokenException or QmpTimeoutException)
        {
            // A guest asked to run real-time or pinned must not run without it: the launch fails instead.
            await DisposeClientsAsync(qmp, agent).ConfigureAwait(false);
            ProcessSignals.Kill(pid);
            throw e as DriverFailureException ?? new DriverFailureException(vm.Id, $"vm \"{vm.Id}\": its vCPU threads could not be placed: {e.Message}", e);
        }
        catch (OperationCanceledException)
        {
            await DisposeClientsAsync(qmp, agent).ConfigureAwait(false);
            ProcessSignals.Kill(pid);
            throw;
        }

        lock (_gate)
        {
            vm.Pid = pid;
            vm.Qmp = qmp;
            vm.Agent = agent;
            vm.Accelerator = Accelerator.Accelerator;
            vm.ProcessEnded = QemuVm.NewSignal();
            vm.Clues = new ExitClues();
            vm.LastCpuSample = null;
        }
    }

    /// <summary>
    /// The run directory (0700, the driver's) and a fresh <c>qemu/</c> directory in it (0700, the VM's QEMU user's); the
    /// user QEMU drops to, or null when the driver itself is not root (QEMU then runs as the driver's user).
    /// </summary>
    private QemuGuestUser? PrepareDirectories(string vmId, QemuRunDirectory run)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("QEMU guests run on Linux");
        }

        try
        {
            Directory.CreateDirectory(run.Path, OwnerOnlyDirectory);
            File.SetUnixFileMode(run.Path, OwnerOnlyDirectory);
            run.DeleteRuntimeFiles();
            Directory.CreateDirectory(run.QemuDirectory, OwnerOnlyDirectory);
            var user = PosixFiles.EffectiveUid == 0
                ? QemuGuestUser.Pick(run.Path, _options.FirstGuestUid, _options.GuestUidCount, QemuGuestUser.LiveUids())
                : null;
            if (user is not null)
            {
                PosixFiles.LChown(run.QemuDirectory, user.Uid, user.Gid);
            }

            return user;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new DriverFailureException(vmId, $"vm \"{vmId}\": its run directory \"{run.Path}\" cannot be prepared: {e.Message}", e);
        }
    }

    /// <summary>
    /// QEMU made its sockets and pid file as root before dropping to its user: they become that user's, 0600. The logs stay
    /// the driver's (0600); QEMU writes them through descriptors it opened before dropping.
    /// </summary>
    private static void SecureRuntimeFiles(QemuRunDirectory run, QemuGuestUser? user)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("QEMU guests run on Linux");
        }

        foreach (var path in new[] { run.QmpSocket, run.AgentSocket, run.PidFile })
        {
            // Only sockets and regular files: nothing is followed (the qemu directory's parent is the driver's, 0700).
            if (PosixFiles.LStat(path) is { } found && (found.IsSocket || found.IsRegularFile))
            {
                File.SetUnixFileMode(path, OwnerOnlyFile);
                if (user is not null)
                {
                    PosixFiles.LChown(path, user.Uid, user.Gid);
                }
            }
        }

        foreach (var path in new[] { run.ConsoleLog, run.QemuLog })
        {
            if (PosixFiles.LStat(path) is { IsRegularFile: true })
            {
                File.SetUnixFileMode(path, OwnerOnlyFile);
            }
        }
    }

    /// <summary>
    /// Connects QMP once QEMU listens (it makes the socket file just before it listens); a QEMU that exits first, or does
    /// not listen within <see cref="QemuDriverOptions.LaunchTimeout"/>, fails the launch with what it printed.
    /// </summary>
    private async Task<QmpClient> ConnectWhenListeningAsync(QemuVm vm, int pid, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        while (true)
        {
            if (!ProcFs.IsAlive(pid))
            {
                var how = ProcFs.ReadStat(pid)?.ExitReason is { } reason ? $" ({reason.Message})" : string.Empty;
                throw new DriverFailureException(vm.Id, $"vm \"{vm.Id}\" failed to start: QEMU exited{how}: {ReadLog(vm.Run)}");
            }

            if (File.Exists(vm.Run.QmpSocket))
            {
                try
                {
                    return await QmpClient.ConnectAsync(vm.Run.QmpSocket, new QmpClientOptions { TimeProvider = Time }, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or QmpConnectionBrokenException)
                {
                    // Not listening yet, or QEMU is failing: the next round tells which.
                }
            }

            if (Time.GetElapsedTime(started) > _options.LaunchTimeout)
            {
                throw new DriverFailureException(vm.Id, $"vm \"{vm.Id}\": QEMU (pid {pid}) did not listen on QMP within {_options.LaunchTimeout.TotalSeconds:0} s: {ReadLog(vm.Run)}");
            }

            await Task.Delay(_listenPoll, Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ReadLog(QemuRunDirectory run)
    {
        try
        {
            var text = File.ReadAllText(run.QemuLog).Trim();
            return text.Length == 0 ? "(it printed nothing)" : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "(no output)";
        }
    }
}
