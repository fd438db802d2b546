using System.Text.Json.Nodes;
using Microsoft.Win32.SafeHandles;
using Nines.Drivers.Errors;
using Nines.Drivers.Qemu.Qmp;
using Nines.Drivers.StateFiles;

namespace Nines.Drivers.Qemu;

/// <summary>
/// Suspend to disk: stop the vCPUs, <c>migrate</c> the whole machine state into a file, quit. Restore: start the
/// same machine with <c>-incoming defer</c>, <c>migrate-incoming</c> from the file, continue.
/// </summary>
/// <remarks>
/// The driver opens the file itself (<see cref="PrivateStateFiles"/>: <c>O_CREAT|O_EXCL|O_NOFOLLOW</c>, 0600, in a 0700
/// directory of its user) and hands QEMU the open descriptor (<c>getfd</c>, then <c>fd:NAME</c>): QEMU runs as another
/// user that cannot reach the file, and its sandbox (<c>spawn=deny</c>) forbids the <c>exec:cat</c> it used before.
/// </remarks>
internal sealed partial class QemuDriver
{
    private static readonly TimeSpan _migrationTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan _migrationPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>The name QEMU knows the state file's descriptor by (<c>getfd</c>, <c>fd:NAME</c>).</summary>
    private const string StateDescriptorName = "nines-state";

    public async Task<VmStatus> SuspendAsync(string vmId, string statePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(statePath);
        _core.Require(DriverCapabilities.SuspendToDisk, vmId);
        var path = Path.GetFullPath(statePath);
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        SafeFileHandle? file = null;
        try
        {
            QmpClient qmp;
            bool wasRunning;
            Task ended;
            lock (_gate)
            {
                vm.CheckAllowed_NeedsLock(VmOperation.Suspend);
                qmp = vm.Qmp!;
                wasRunning = vm.State == VmState.Running;
                ended = vm.ProcessEnded.Task;
            }

            // Opened before the vCPUs stop: a refused file leaves the guest running as it was.
            file = StateFile(vmId, () => PrivateStateFiles.CreateNew(path));
            lock (_gate)
            {
                vm.ExpectedBy = VmOperation.Suspend;
            }

            try
            {
                await Qmp(vm, () => qmp.StopAsync(cancellationToken)).ConfigureAwait(false);
                await Qmp(vm, () => qmp.SendFileDescriptorAsync(StateDescriptorName, file, cancellationToken)).ConfigureAwait(false);
                await Qmp(vm, () => qmp.MigrateAsync($"fd:{StateDescriptorName}", cancellationToken)).ConfigureAwait(false);
                await WaitForMigrationAsync(vm, qmp, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The machine is intact: give it back as it was, without the half-written file.
                lock (_gate)
                {
                    vm.ExpectedBy = null;
                }

                file.Dispose();
                File.Delete(path);

                if (wasRunning && vm.Qmp is { } live)
                {
                    await live.ContinueAsync(CancellationToken.None).ConfigureAwait(false);
                }

                throw;
            }

            lock (_gate)
            {
                vm.GuestReadyAtSuspend = vm.GuestReady;
            }

            await Qmp(vm, () => qmp.QuitAsync(cancellationToken)).ConfigureAwait(false);
            if (!await WaitForEndAsync(ended, _exitWait, cancellationToken).ConfigureAwait(false))
            {
                await ForceStopAsync(vm, cancellationToken).ConfigureAwait(false);
            }

            lock (_gate)
            {
                vm.ExpectedBy = null;
                vm.SuspendedTo = path;
                _core.Enter_NeedsLock(vm, VmState.Suspended, VmEventKind.Suspended, detail: path);
                return vm.ToStatus();
            }
        }
        finally
        {
            file?.Dispose();
        }
    }

    public async Task<VmStatus> RestoreAsync(string vmId, string statePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(statePath);
        _core.Require(DriverCapabilities.SuspendToDisk, vmId);
        var path = Path.GetFullPath(statePath);
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        SafeFileHandle? file = null;
        try
        {
            lock (_gate)
            {
                vm.CheckAllowed_NeedsLock(VmOperation.Restore);
            }

            file = StateFile(vmId, () => PrivateStateFiles.OpenRead(path));
            lock (_gate)
            {
                vm.ExpectedBy = VmOperation.Restore;
            }

            try
            {
                await LaunchAsync(vm, incoming: true, cancellationToken).ConfigureAwait(false);
                var qmp = vm.Qmp!;
                await Qmp(vm, () => qmp.SendFileDescriptorAsync(StateDescriptorName, file, cancellationToken)).ConfigureAwait(false);
                await Qmp(vm, () => qmp.ExecuteAsync("migrate-incoming", new JsonObject { ["uri"] = $"fd:{StateDescriptorName}" }, null, cancellationToken)).ConfigureAwait(false);
                await WaitForMigrationAsync(vm, qmp, cancellationToken).ConfigureAwait(false);
                await Qmp(vm, () => qmp.ContinueAsync(cancellationToken)).ConfigureAwait(false);
            }
            catch
            {
                if (vm.Pid is not null)
                {
                    lock (_gate)
                    {
                        StartMonitor_NeedsLock(vm);
                    }

                    await ForceStopAsync(vm, CancellationToken.None).ConfigureAwait(false);
                }

                lock (_gate)
                {
                    vm.ExpectedBy = null;
                }

                throw;
            }

            lock (_gate)
            {
                vm.ExpectedBy = null;
                vm.SuspendedTo = null;
                vm.GuestReady = vm.GuestReadyAtSuspend;
                vm.HeartbeatLost = false;
                vm.RunningSince = Time.GetUtcNow();
                _core.Enter_NeedsLock(vm, VmState.Running, VmEventKind.Restored, detail: path);
                StartMonitor_NeedsLock(vm);
                return vm.ToStatus();
            }
        }
        finally
        {
            file?.Dispose();
        }
    }

    /// <summary>Opens a state file; a missing or refused one is the operation's failure, naming the path and why.</summary>
    private static SafeFileHandle StateFile(string vmId, Func<SafeFileHandle> open)
    {
        try
        {
            return open();
        }
        catch (FileNotFoundException e)
        {
            throw new DriverFailureException(vmId, $"no saved state of vm \"{vmId}\" at \"{e.FileName}\"", e);
        }
        catch (IOException e)
        {
            throw new DriverFailureException(vmId, $"vm \"{vmId}\": {e.Message}", e);
        }
    }

    private async Task WaitForMigrationAsync(QemuVm vm, QmpClient qmp, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        while (true)
        {
            QmpMigrationStatus status = null!;
            await Qmp(vm, async () => status = await qmp.QueryMigrateAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            if (status.Status == "completed")
            {
                return;
            }

            if (status.IsFinished)
            {
                throw new DriverFailureException(vm.Id, $"vm \"{vm.Id}\": migration {status.Status}: {status.ErrorDescription}");
            }

            if (Time.GetElapsedTime(started) > _migrationTimeout)
            {
                throw new DriverTimeoutException(vm.Id, "saving or loading the machine state", _migrationTimeout);
            }

            await Task.Delay(_migrationPoll, Time, cancellationToken).ConfigureAwait(false);
        }
    }

}
