using System.Collections.Concurrent;
using System.Globalization;
using Nines.Drivers.Container.Processes;

namespace Nines.Drivers.Container;

internal sealed partial class ContainerDriver
{
    /// <summary>
    /// One loop for all instances (cheap at hundreds): an instance whose launcher wrote its exit file or vanished has
    /// ended. The launcher is detached, so it cannot be waited for: its pidfd (<see cref="ProcessExitWatcher"/>) wakes
    /// the loop as it exits, and a scan every <see cref="ContainerDriverOptions.ExitPollInterval"/> catches the rest.
    /// </summary>
    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        // Exits being handled; the handlers finish on other threads.
        var handling = new ConcurrentDictionary<ContainerInstance, bool>();
        while (true)
        {
            await NextScanAsync(cancellationToken).ConfigureAwait(false);
            List<ContainerInstance> running;
            lock (_gate)
            {
                running = [.. _core.Vms_NeedsLock().Where(v => v.LauncherPid is not null && !v.Exited.Task.IsCompleted)];
            }

            foreach (var vm in running)
            {
                if (vm.LauncherPid is { } launcher && (File.Exists(vm.Run.ExitFile) || !ProcFs.IsAlive(launcher)) && handling.TryAdd(vm, true))
                {
                    _ = HandleExitAsync(vm, launcher).ContinueWith(_ => handling.TryRemove(vm, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }
    }

    /// <summary>Waits for the next scan: a watched launcher's exit, or the poll interval.</summary>
    private async Task NextScanAsync(CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var interval = Task.Delay(_options.ExitPollInterval, Time, either.Token);
        var woken = _exitWake.WaitAsync(either.Token);
        await Task.WhenAny(interval, woken).ConfigureAwait(false);
        await either.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(interval, woken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The other of the two.
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Reads how the run ended and, unless an operation claimed the stop, reports it; then removes its cgroup and veths.</summary>
    private async Task HandleExitAsync(ContainerInstance vm, int launcher)
    {
        // A launcher killed before it could write the status leaves none; give a live one a moment to finish writing
        // (the file is written by the shell's echo, so it may exist empty for an instant).
        var status = ReadStatus(vm.Run.ExitFile);
        for (var i = 0; i < 50 && status is null && ProcFs.IsAlive(launcher); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), Time, CancellationToken.None).ConfigureAwait(false);
            status = ReadStatus(vm.Run.ExitFile);
        }

        status ??= ReadStatus(vm.Run.ExitFile);

        var exit = InstanceExit.FromStatus(status, vm.Cgroup.OomKills() > 0);

        // The crash is reported before the clean-up below (a failover waits for this event); a start of the same
        // instance waits for the clean-up (ContainerInstance.CleanedUp) before it makes the cgroup and veths again.
        var cleanedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            vm.CleanedUp = cleanedUp.Task;
            vm.InitPid = null;
            vm.GuestReady = false;
            Report_NeedsLock(vm, exit);
        }

        try
        {
            await CleanUpAsync(vm).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                vm.LauncherPid = null;
                vm.InitPid = null;
                vm.GuestReady = false;
                // Reported already, unless an operation was still changing the state (it reports an early exit itself).
                Report_NeedsLock(vm, exit);

                vm.Exited.TrySetResult(exit);
            }

            cleanedUp.TrySetResult();
        }
    }

    private void Report_NeedsLock(ContainerInstance vm, InstanceExit exit)
    {
        if (vm.StopClaimed || vm.State is not (VmState.Running or VmState.Paused))
        {
            return;
        }

        var reason = exit.Reason();
        _core.Enter_NeedsLock(vm, reason.IsCrash ? VmState.Crashed : VmState.Stopped, reason.IsCrash ? VmEventKind.Crashed : VmEventKind.Stopped, reason);
    }

    private async Task CleanUpAsync(ContainerInstance vm)
    {
        // Processes joined by exec die with the namespace's init; wait for them so the group can go.
        vm.Cgroup.KillAll();
        await vm.Cgroup.RemoveAsync(CancellationToken.None).ConfigureAwait(false);

        // The kernel deletes a veth with its namespace, but asynchronously: delete the host ends now, so the names are
        // free for the next start and undeploy finds nothing left.
        foreach (var hostEnd in vm.Definition.Nics.Select(n => Launch.VethAttachment.Parse(n.Attachment)).OfType<string>())
        {
            try
            {
                await _options.NetworkCommands.RunAsync("ip", ["link", "del", "dev", hostEnd], null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
            {
                // The kernel removes it with the namespace anyway; the exit must still be reported.
            }
        }

    }

    private static int? ReadStatus(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var status) ? status : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
