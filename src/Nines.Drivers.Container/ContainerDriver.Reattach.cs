namespace Nines.Drivers.Container;

internal sealed partial class ContainerDriver
{
    /// <summary>
    /// Every run directory with a definition: a live launcher in the instance's cgroup is supervised again (paused when
    /// its cgroup is frozen); one recorded running whose launcher is gone ended while nobody watched (its exit file
    /// says how); nothing is launched.
    /// </summary>
    public async Task<IReadOnlyList<VmStatus>> ReattachAsync(CancellationToken cancellationToken)
    {
        var statuses = new List<VmStatus>();
        foreach (var directory in Directory.EnumerateDirectories(StateDirectory).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var run = RunDirectoryAt(directory);
            if (ContainerRecord.ReadDefinition(run.DefinitionFile) is not { } definition)
            {
                continue;
            }

            lock (_gate)
            {
                if (_core.TryFind_NeedsLock(definition.Id, out var known))
                {
                    statuses.Add(known.ToStatus());
                    continue;
                }
            }

            var recorded = ContainerRecord.ReadState(run.StateFile);
            var vm = new ContainerInstance(definition, run, CgroupOf(definition), recorded?.Since ?? Time.GetUtcNow())
            {
                State = recorded?.State ?? VmState.Defined,
                StartedAt = recorded?.StartedAt,
                Limits = recorded?.Limits ?? Limits.From(definition),
                ExitReason = recorded?.ExitKind is { } kind ? new VmExitReason(kind, recorded.ExitMessage ?? string.Empty, recorded.ExitCode, recorded.ExitSignal) : null,
            };
            var launcher = ProcFs.ReadPidFile(run.LauncherPidFile);
            var alive = launcher is { } pid && !File.Exists(run.ExitFile) && IsOurs(vm, pid);
            lock (_gate)
            {
                _core.Track_NeedsLock(vm);
                if (alive)
                {
                    vm.LauncherPid = launcher;
                    _exits.Watch(launcher!.Value);
                    vm.InitPid = ProcFs.ReadPidFile(run.InitPidFile);
                    vm.GuestReady = true;
                    var frozen = vm.Cgroup.IsFrozen;
                    if (vm.State != (frozen ? VmState.Paused : VmState.Running))
                    {
                        _core.Enter_NeedsLock(vm, frozen ? VmState.Paused : VmState.Running, null);
                    }
                }
                else if (vm.State is VmState.Running or VmState.Paused)
                {
                    // Ended while no manager watched: let the monitor read the exit file and report it.
                    vm.LauncherPid = launcher ?? 0;
                }
            }

            if (!alive && vm.State is VmState.Running or VmState.Paused)
            {
                await HandleExitAsync(vm, vm.LauncherPid ?? 0).ConfigureAwait(false);
            }

            lock (_gate)
            {
                statuses.Add(vm.ToStatus());
            }
        }

        return statuses;
    }
}
