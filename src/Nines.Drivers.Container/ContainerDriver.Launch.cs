using System.Globalization;
using Nines.Drivers.Container.Launch;
using Nines.Drivers.Container.Processes;
using Nines.Drivers.Container.Sandbox;
using Nines.Drivers.Errors;

namespace Nines.Drivers.Container;

/// <summary>
/// Launching one run of an instance: run directory and cgroup, the detached launcher, its init's pid, the veths in
/// its network namespace, the release of the init and the wait for its root; a failed launch leaves nothing behind.
/// </summary>
internal sealed partial class ContainerDriver
{
    /// <summary>
    /// Prepares the run directory and the cgroup, starts the detached launcher, waits for the init to report its
    /// pid, plugs in the veths and releases the init. On failure nothing of this run is left behind.
    /// </summary>
    private async Task LaunchAsync(ContainerInstance vm, CancellationToken cancellationToken)
    {
        await vm.CleanedUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        var definition = vm.Definition;
        var run = vm.Run;
        var lower = definition.Container?.RootDirectory is { } root
            ? Path.GetFullPath(root)
            : await _roots.EnsureAsync(cancellationToken).ConfigureAwait(false);
        foreach (var file in run.RunFiles.Where(File.Exists))
        {
            File.Delete(file);
        }

        foreach (var directory in new[] { run.Upper, run.Work })
        {
            Directory.CreateDirectory(directory);
        }

        NativeMethods.CreateFifo(run.GoFifo);
        await vm.Cgroup.RemoveAsync(cancellationToken).ConfigureAwait(false);
        var exited = ContainerInstance.NewExit();
        lock (_gate)
        {
            vm.Exited = exited;
            vm.LauncherPid = null;
            vm.InitPid = null;
            vm.LastCpuSample = null;
        }

        try
        {
            vm.Cgroup.Create();
            vm.Limits.ApplyTo(vm.Cgroup, _options.DefaultPidsLimit);
            if (definition.Qos?.RealTimePriority is not null)
            {
                vm.Cgroup.SetRealTimeRuntime(_options.RealTimeRuntimeMicroseconds);
            }

            var hostId = _ids.HostIdOf(_ids.Claim(run.Path, run.IdSlotFile));
            MountDirectory.Prepare(run.MountDirectory, hostId);
            File.WriteAllText(run.ConfigFile, new OciConfig(run, definition, hostId).ToJson());
            File.WriteAllText(run.CreateHook, LaunchScripts.CreateHook(run));
            File.WriteAllText(run.StartHook, LaunchScripts.StartHook(run));
            File.WriteAllText(run.InitScript, LaunchScripts.Init(run, lower, hostId, _options.Runtime));
            File.WriteAllText(run.LaunchScript, LaunchScripts.Launch(run, vm.Cgroup.ProcsFiles, definition.Qos?.RealTimePriority));
            await StartLauncherAsync(run, cancellationToken).ConfigureAwait(false);
            var (launcher, init) = await WaitForInitAsync(vm, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                vm.LauncherPid = launcher;
                vm.InitPid = init;
                vm.StartedAt = Time.GetUtcNow();
            }

            _exits.Watch(launcher);

            await PlugNicsAsync(vm, init, cancellationToken).ConfigureAwait(false);
            await ReleaseAsync(vm, cancellationToken).ConfigureAwait(false);
            await WaitForRootAsync(vm, init, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DriverFailureException or DriverTimeoutException or OperationCanceledException)
        {
            await AbandonLaunchAsync(vm).ConfigureAwait(false);
            if (e is DriverFailureException or DriverTimeoutException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw new DriverFailureException(vm.Id, $"cannot start instance \"{vm.Id}\": {e.Message}", e);
        }
    }

    /// <summary>Runs <c>launch.sh</c> detached (<c>setsid -f</c>): it outlives this process, so a restarted manager re-attaches.</summary>
    private async Task StartLauncherAsync(ContainerRunDirectory run, CancellationToken cancellationToken)
    {
        var result = await _options.Processes.RunAsync(
            HostProcessRequests.Request("/bin/sh", ["-c", "exec setsid -f /bin/sh \"$0\" </dev/null >>\"$1\" 2>&1", run.LaunchScript, run.ConsoleLog], null, TimeSpan.FromSeconds(10)),
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new DriverFailureException(null, $"setsid did not start the launcher: {(result.TimedOut ? "timed out" : result.StandardError.Trim())}");
        }
    }

    private async Task<(int Launcher, int Init)> WaitForInitAsync(ContainerInstance vm, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        while (true)
        {
            if (ProcFs.ReadPidFile(vm.Run.InitPidFile) is { } init && ProcFs.ReadPidFile(vm.Run.LauncherPidFile) is { } launcher)
            {
                return (launcher, init);
            }

            if (File.Exists(vm.Run.ExitFile))
            {
                throw new DriverFailureException(vm.Id, $"instance \"{vm.Id}\" ended while starting (status {File.ReadAllText(vm.Run.ExitFile).Trim()}): {ConsoleTail(vm)}");
            }

            if (Time.GetElapsedTime(started) > _options.StartTimeout)
            {
                throw new DriverTimeoutException(vm.Id, "start", _options.StartTimeout);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(2), Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One veth pair per <c>veth:NAME</c> NIC: created with its inner end directly in the instance's network namespace
    /// (named <c>eth&lt;id&gt;</c>, with the definition's MAC); the host end comes up where the bridge is.
    /// </summary>
    private async Task PlugNicsAsync(ContainerInstance vm, int initPid, CancellationToken cancellationToken)
    {
        // The instance's network namespace belongs to its user namespace; host root reaches it from outside.
        await InNetnsAsync(vm, initPid, ["ip", "link", "set", "dev", "lo", "up"], cancellationToken).ConfigureAwait(false);
        foreach (var nic in vm.Definition.Nics)
        {
            if (VethAttachment.Parse(nic.Attachment) is not { } hostEnd)
            {
                continue;
            }

            var pid = initPid.ToString(CultureInfo.InvariantCulture);
            var inner = $"eth{nic.Id.ToString(CultureInfo.InvariantCulture)}";
            var existing = await _options.NetworkCommands.RunAsync("ip", ["link", "show", "dev", hostEnd], null, cancellationToken).ConfigureAwait(false);
            if (existing.Succeeded)
            {
                // A veth left by a run whose namespace has not gone yet, or a stale device: the name must be ours now.
                await _options.NetworkCommands.RunAsync("ip", ["link", "del", "dev", hostEnd], null, cancellationToken).ConfigureAwait(false);
            }

            foreach (var arguments in new[]
            {
                new[] { "link", "add", hostEnd, "type", "veth", "peer", "name", inner, "address", nic.Mac, "netns", pid },
                ["link", "set", "dev", hostEnd, "up"],
            })
            {
                var result = await _options.NetworkCommands.RunAsync("ip", arguments, null, cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    throw new DriverFailureException(vm.Id, $"'{result.Command}' failed: {result.StandardError.Trim()}");
                }
            }

            // The switch may hold the device of this name from the instance's previous run (a restart): Open vSwitch's
            // userspace datapath keeps reading the deleted device and never opens the new one by itself.
            if (_options.AttachPort is { } attach)
            {
                await attach(hostEnd, cancellationToken).ConfigureAwait(false);
            }

            // Open vSwitch's userspace (netdev) datapath reads and writes frames as they are: a TCP or UDP packet the
            // instance leaves to checksum offload would reach the other side with a partial checksum and be dropped
            // (ping works, TCP does not). The inner end computes its checksums itself.
            await InNetnsAsync(vm, initPid, ["ethtool", "-K", inner, "tx", "off"], cancellationToken).ConfigureAwait(false);
            await InNetnsAsync(vm, initPid, ["ip", "link", "set", "dev", inner, "up"], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a host program in the instance's network namespace (only), as host root.</summary>
    private static async Task InNetnsAsync(ContainerInstance vm, int initPid, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var result = await _machine.RunAsync("nsenter", ["-t", initPid.ToString(CultureInfo.InvariantCulture), "-n", "--", .. command], null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new DriverFailureException(vm.Id, $"'{result.Command}' failed: {result.StandardError.Trim()}{(command[0] == "ethtool" ? " (is ethtool installed?)" : string.Empty)}");
        }
    }

    /// <summary>Lets the init go on to mount its root and exec the command.</summary>
    private async Task ReleaseAsync(ContainerInstance vm, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.StartTimeout, Time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Opening a FIFO for writing blocks until the reader (the init) has it open.
            await Task.Run(
                () =>
                {
                    using var fifo = new FileStream(vm.Run.GoFifo, FileMode.Open, FileAccess.Write);
                    fifo.Write("go\n"u8);
                },
                limit.Token).WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DriverTimeoutException(vm.Id, "release of the instance's init", _options.StartTimeout);
        }
    }

    /// <summary>
    /// Waits until crun has started the command (its poststart hook ran: the init has pivoted into its root): before
    /// that, an exec would find the instance half made.
    /// </summary>
    private async Task WaitForRootAsync(ContainerInstance vm, int init, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        while (!File.Exists(vm.Run.StartedFile))
        {
            if (File.Exists(vm.Run.ExitFile) || !ProcFs.IsAlive(init))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), Time, cancellationToken).ConfigureAwait(false);
                if (File.Exists(vm.Run.StartedFile))
                {
                    // The command ran and already ended: a start, whose end the monitor reports.
                    return;
                }

                throw new DriverFailureException(vm.Id, $"instance \"{vm.Id}\" could not set up its root (status {ReadStatus(vm.Run.ExitFile)?.ToString(CultureInfo.InvariantCulture) ?? "none"}): {ConsoleTail(vm)}");
            }

            if (Time.GetElapsedTime(started) > _options.StartTimeout)
            {
                throw new DriverTimeoutException(vm.Id, "start", _options.StartTimeout);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Kills whatever a failed launch started and waits for the monitor to see it end.</summary>
    private async Task AbandonLaunchAsync(ContainerInstance vm)
    {
        lock (_gate)
        {
            vm.StopClaimed = true;
        }

        vm.Cgroup.KillAll();
        // Unblock an init still waiting on the FIFO, so its launcher ends.
        if (File.Exists(vm.Run.GoFifo))
        {
            File.Delete(vm.Run.GoFifo);
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5), Time);
        while (vm.Cgroup.Read() is { Pids: > 0 } && !limit.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), Time, CancellationToken.None).ConfigureAwait(false);
        }

        await vm.Cgroup.RemoveAsync(CancellationToken.None).ConfigureAwait(false);
        lock (_gate)
        {
            vm.StopClaimed = false;
            vm.LauncherPid = null;
            vm.InitPid = null;
        }
    }

    private static string ConsoleTail(ContainerInstance vm)
    {
        try
        {
            var text = File.ReadAllText(vm.Run.ConsoleLog).Trim();
            return text.Length > 500 ? text[^500..] : text;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
