namespace Nines.Drivers.Fake;

/// <summary>
/// Status, KPIs and the heartbeat. KPI counters grow with guest running time on the fake clock, so tests can
/// predict every figure: CPU is <see cref="FakeBehaviour.CpuPercent"/> while running; the guest touches 16 MiB at
/// boot plus 4 MiB per running second up to its memory, and RSS is that plus 24 MiB of hypervisor overhead; each
/// NIC moves <see cref="FakeBehaviour.NicBytesPerSecond"/> each way (100-byte packets); a disk reads 64 KiB and
/// writes 16 KiB per second (4 KiB operations).
/// </summary>
public sealed partial class FakeDriver
{
    private const long MiB = 1024 * 1024;
    private const long OverheadMiB = 24;

    public Task<VmStatus> InspectAsync(string vmId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_host.Gate)
        {
            return Task.FromResult(StatusOf_NeedsLock(Find_NeedsLock(vmId)));
        }
    }

    public Task<VmKpis> SampleAsync(string vmId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_host.Gate)
        {
            var vm = Find_NeedsLock(vmId);
            var now = Time.GetUtcNow();
            var definition = vm.Definition;
            var alive = vm.ProcessId is not null;
            var seconds = (long)vm.RunningTime.TotalSeconds;
            var touchedMiB = Math.Min(definition.MemoryMiB, 16 + (4 * seconds));
            var nicBytes = seconds * vm.Behaviour.NicBytesPerSecond;
            var heartbeat = _heartbeats.GetValueOrDefault(vmId);
            var kpis = new VmKpis(
                vmId,
                vm.State,
                now,
                alive ? now - vm.ProcessStartedAt!.Value : TimeSpan.Zero,
                definition.Vcpus,
                HostCpuPercent: !alive ? null : vm.State == VmState.Running ? vm.Behaviour.CpuPercent : 0,
                RssBytes: alive ? (touchedMiB + OverheadMiB) * MiB : null,
                GuestMemory: alive ? new GuestMemoryKpis(definition.MemoryMiB * MiB, (definition.MemoryMiB - touchedMiB) * MiB, definition.MemoryMiB * MiB) : null,
                Disks: definition.Boot.DiskImagePath is null ? [] : [new DiskKpis("vda", seconds * 64 * 1024, seconds * 16 * 1024, seconds * 16, seconds * 4)],
                Nics: [.. definition.Nics.Select(nic => new NicKpis(nic.Id, nicBytes, nicBytes, nicBytes / 100, nicBytes / 100))],
                HeartbeatAge: heartbeat is null ? null : now - heartbeat.Last);
            return Task.FromResult(kpis);
        }
    }

    private VmStatus StatusOf_NeedsLock(FakeVm vm) => vm.ToStatus() with { LastHeartbeat = _heartbeats.GetValueOrDefault(vm.Id)?.Last };

    /// <summary>
    /// Pings every running, ready guest of this driver. Paused guests are not pinged (they cannot answer and nobody
    /// should call that a failure); a guest silent past the timeout is reported lost once, and restored once it answers.
    /// </summary>
    private void OnHeartbeatTick()
    {
        lock (_host.Gate)
        {
            if (_core.IsClosed_NeedsLock || !Capabilities.HasFlag(DriverCapabilities.Heartbeat))
            {
                return;
            }

            var now = Time.GetUtcNow();
            foreach (var id in _core.Vms_NeedsLock().Select(known => known.Id))
            {
                if (!_host.Vms.TryGetValue(id, out var vm) || !vm.Definition.GuestAgent || vm.State != VmState.Running)
                {
                    continue;
                }

                var state = _heartbeats.GetValueOrDefault(id);
                if (vm.GuestReady && !vm.Hung)
                {
                    if (state is { Lost: true })
                    {
                        _core.Publish_NeedsLock(new VmEvent(id, VmEventKind.HeartbeatRestored, now));
                    }

                    _heartbeats[id] = new HeartbeatState(now, Lost: false);
                }
                else if (state is { Lost: false } && now - state.Last >= _options.HeartbeatTimeout)
                {
                    _heartbeats[id] = state with { Lost = true };
                    _core.Publish_NeedsLock(new VmEvent(id, VmEventKind.HeartbeatLost, now, Detail: $"no answer for {(now - state.Last).TotalSeconds:0.###} s"));
                }
            }
        }
    }
}
