using System.Collections.Concurrent;
using System.Globalization;
using Nines.Drivers.Container.Processes;

namespace Nines.Drivers.Container;

internal sealed partial class ContainerDriver
{
    /// <summary>
    /// One loop for all instances (cheap at hundreds): an instance whose launcher wrote its exit file or vanished has
    /// ended. The launcher is detached, so it cannot be waited for; polling <c>/proc</c> reports an exit within
    /// <see cref="ContainerDriverOptions.ExitPollInterval"/>.
    /// </summary>
    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ExitPollInterval, Time);
        // Exits being handled; the handlers finish on other threads.
        var handling = new ConcurrentDictionary<ContainerInstance, bool>();
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            List<ContainerInstance> running;
            lock (_gate)
            {
                running = [.. _instances.Values.Where(v => v.LauncherPid is not null && !v.Exited.Task.IsCompleted)];
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

    /// <summary>Reads how the run ended, removes its cgroup and, unless an operation claimed the stop, reports it.</summary>
    private async Task HandleExitAsync(ContainerInstance vm, int launcher)
    {
        // A launcher killed before it could write the status leaves none; give a live one a moment to finish writing
        // (the file is written by the shell's echo, so it may exist empty for an instant).
        var status = ReadStatus(vm.Run.ExitFile);
        for (var i = 0; i < 50 && status is null && ProcFs.IsAlive(launcher); i++)
        {
            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
            status = ReadStatus(vm.Run.ExitFile);
        }

        status ??= ReadStatus(vm.Run.ExitFile);

        var exit = InstanceExit.FromStatus(status, vm.Cgroup.OomKills() > 0);

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

        lock (_gate)
        {
            vm.LauncherPid = null;
            vm.InitPid = null;
            vm.GuestReady = false;
            if (!vm.StopClaimed && vm.State is Nines.Drivers.VmState.Running or Nines.Drivers.VmState.Paused)
            {
                var reason = exit.Reason();
                Enter_NeedsLock(vm, reason.IsCrash ? VmState.Crashed : VmState.Stopped, reason.IsCrash ? VmEventKind.Crashed : VmEventKind.Stopped, reason);
            }

            vm.Exited.TrySetResult(exit);
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
