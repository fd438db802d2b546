using Nines.Drivers.Core;
using Nines.Drivers.Errors;
using Nines.Drivers.Validation;

namespace Nines.Drivers.Fake;

/// <summary>
/// A driver with in-memory VMs that keeps the contract exactly as the QEMU driver does — same state machine, same
/// errors, same events in the same order — with failures scripted per VM (<see cref="VmDefinition.Fake"/>) and all
/// timing on an injected <see cref="TimeProvider"/>. Production code: end-to-end tests and demos run on it without
/// a hypervisor.
/// </summary>
/// <remarks>
/// Public (not internal) because the control plane's tests and demos drive it from other assemblies and need the
/// fault-injection methods (<see cref="Kill"/>, <see cref="Hang"/>, <see cref="Panic"/>).
/// </remarks>
public sealed partial class FakeDriver : IVmDriver
{
    private readonly FakeHost _host;
    private readonly FakeDriverOptions _options;
    private readonly DriverCore<FakeVm> _core;
    private readonly Dictionary<string, HeartbeatState> _heartbeats = new(StringComparer.Ordinal);
    private readonly ITimer _heartbeatTimer;

    /// <summary>A fake driver on its own new <see cref="FakeHost"/>.</summary>
    public FakeDriver(TimeProvider time, FakeDriverOptions? options = null)
        : this(new FakeHost(time), options)
    {
    }

    /// <summary>A fake driver on <paramref name="host"/>; several drivers on one host play successive manager processes.</summary>
    public FakeDriver(FakeHost host, FakeDriverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        _options = options ?? new FakeDriverOptions();

        // The VMs live on the host (the machine), so the table holds the ones this driver defined or re-attached, and
        // the gate is the host's: a script firing on the host and an operation of this driver never interleave.
        _core = new DriverCore<FakeVm>(this, "fake", _options.Capabilities, host.Time, gate: host.Gate);
        _bootSlots = _options.MaxConcurrentBoots is { } max ? new SemaphoreSlim(max, max) : null;
        lock (_host.Gate)
        {
            _host.EventRaised += OnHostEvent;
        }

        _heartbeatTimer = _host.Time.CreateTimer(_ => OnHeartbeatTick(), null, _options.HeartbeatInterval, _options.HeartbeatInterval);
    }

    public string Name => _core.Name;

    public DriverCapabilities Capabilities => _core.Capabilities;

    /// <summary>The host this driver runs on.</summary>
    public FakeHost Host => _host;

    private TimeProvider Time => _host.Time;

    public Task<VmStatus> DefineAsync(VmDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        cancellationToken.ThrowIfCancellationRequested();
        if (definition.Watchdog is not null)
        {
            _core.Require(DriverCapabilities.Watchdog, definition.Id);
        }

        lock (_host.Gate)
        {
            _core.ThrowIfClosed_NeedsLock();
            if (_host.Vms.TryGetValue(definition.Id, out var existing))
            {
                if (existing.Definition != definition)
                {
                    throw DriverCore<FakeVm>.IdInUse(definition);
                }

                _core.Track_NeedsLock(existing);
                return Task.FromResult(StatusOf_NeedsLock(existing));
            }

            var diagnostics = VmDefinitionValidator.Validate(definition, FactsNow_NeedsLock());
            if (diagnostics.Any(d => d.IsError))
            {
                throw new InvalidDefinitionException(definition.Id, diagnostics);
            }

            var vm = new FakeVm(_host, definition);
            _host.Vms.Add(definition.Id, vm);
            _core.Track_NeedsLock(vm);
            return Task.FromResult(StatusOf_NeedsLock(vm));
        }
    }

    public Task RemoveAsync(string vmId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_host.Gate)
        {
            var vm = Find_NeedsLock(vmId);
            vm.CheckAllowed_NeedsLock(VmOperation.Remove);
            vm.Forget();
            _host.Vms.Remove(vmId);
            _heartbeats.Remove(vmId);
            _core.Publish_NeedsLock(vm, VmEventKind.Removed);
            _core.Untrack_NeedsLock(vmId);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VmStatus>> ReattachAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _core.Require(DriverCapabilities.Reattach, null);
        lock (_host.Gate)
        {
            _core.ThrowIfClosed_NeedsLock();
            var live = _host.Vms.Values.Where(vm => vm.ProcessId is not null).OrderBy(vm => vm.Id, StringComparer.Ordinal).ToList();
            foreach (var vm in live)
            {
                _core.Track_NeedsLock(vm);
            }

            return Task.FromResult<IReadOnlyList<VmStatus>>([.. live.Select(StatusOf_NeedsLock)]);
        }
    }

    public IAsyncEnumerable<VmEvent> WatchEventsAsync(CancellationToken cancellationToken) => _core.Watch(cancellationToken);

    /// <summary>Kills the VM's process as <c>kill -<paramref name="signal"/></c> would: reported as a crash.</summary>
    public void Kill(string vmId, int signal = 9) => Inject(vmId, vm => vm.Kill(signal));

    /// <summary>Makes the guest stop answering while its process lives (a hung guest).</summary>
    public void Hang(string vmId) => Inject(vmId, vm => vm.HangNow());

    /// <summary>Makes the guest kernel panic.</summary>
    public void Panic(string vmId) => Inject(vmId, vm => vm.PanicNow());

    /// <summary>What the guest holds at <paramref name="guestPath"/> (written by <see cref="WriteFileAsync"/>), or null.</summary>
    public byte[]? ReadGuestFile(string vmId, string guestPath)
    {
        lock (_host.Gate)
        {
            return Find_NeedsLock(vmId).GuestFiles.GetValueOrDefault(guestPath);
        }
    }

    /// <summary>Releases the driver; the VMs keep running on the host for the next driver to re-attach.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_host.Gate)
        {
            if (!_core.TryClose_NeedsLock(out _))
            {
                return ValueTask.CompletedTask;
            }

            _host.EventRaised -= OnHostEvent;
        }

        _heartbeatTimer.Dispose();
        _core.CompleteClose();
        return ValueTask.CompletedTask;
    }

    private void Inject(string vmId, Action<FakeVm> fault)
    {
        lock (_host.Gate)
        {
            var vm = Find_NeedsLock(vmId);
            if (vm.ProcessId is null)
            {
                throw new InvalidOperationException($"vm \"{vmId}\" has no process to fault");
            }

            fault(vm);
        }
    }

    private void OnHostEvent(VmEvent vmEvent)
    {
        if (!_core.Contains_NeedsLock(vmEvent.VmId))
        {
            return;
        }

        _core.Publish_NeedsLock(vmEvent);
        OnBootEvent_NeedsLock(vmEvent);

        // The agent's first answer after a boot is a heartbeat too: a heartbeat lost before (hang, then watchdog reset) is back.
        if (vmEvent.Kind == VmEventKind.GuestReady)
        {
            var wasLost = _heartbeats.GetValueOrDefault(vmEvent.VmId) is { Lost: true };
            _heartbeats[vmEvent.VmId] = new HeartbeatState(vmEvent.At, Lost: false);
            if (wasLost)
            {
                _core.Publish_NeedsLock(new VmEvent(vmEvent.VmId, VmEventKind.HeartbeatRestored, vmEvent.At));
            }
        }
    }

    private HostFacts FactsNow_NeedsLock()
    {
        var facts = _host.Facts;
        var used = _host.Vms.Values.Where(vm => vm.ProcessId is not null).Sum(vm => vm.Definition.MemoryMiB);
        return new HostFacts
        {
            FreeMemoryMiB = facts.FreeMemoryMiB - used,
            Cpus = facts.Cpus,
            AllowedRoots = facts.AllowedRoots,
            ResolvePath = facts.ResolvePath,
            IsReadableFile = facts.IsReadableFile,
            MinimumGuestMemoryMiB = facts.MinimumGuestMemoryMiB,
        };
    }

    private FakeVm Find_NeedsLock(string vmId)
    {
        // The host's VM, not the table's: another driver of the host may have removed it and defined another.
        _core.ThrowIfClosed_NeedsLock();
        return _core.Contains_NeedsLock(vmId) && _host.Vms.TryGetValue(vmId, out var vm) ? vm : throw new VmNotFoundException(vmId);
    }

    private sealed record HeartbeatState(DateTimeOffset Last, bool Lost);
}
