using Nines.Domain.Diagnostics;
using Nines.Drivers.Errors;
using Nines.Drivers.Validation;

namespace Nines.Drivers.Core;

/// <summary>
/// The skeleton every driver shares, by composition: the VM table, the gate that guards every VM's observed state and
/// the table, the closing flag, state transitions through <see cref="VmStateMachine"/> with their events on one
/// <see cref="VmEventHub"/>, capability checks, and the per-VM operation lock. A driver keeps only what is its own
/// (how it launches, stops, observes and records a VM).
/// </summary>
/// <remarks>
/// Methods ending in <c>_NeedsLock</c> must be called holding <see cref="Gate"/>. Closing (the driver's dispose) is
/// two steps so the driver can detach its VMs in between: <see cref="TryClose"/> refuses every later call, then
/// <see cref="CompleteClose"/> ends every watcher's event stream.
/// </remarks>
internal sealed partial class DriverCore<TVm>
    where TVm : DriverVm
{
    private readonly object _owner;
    private readonly Action<TVm>? _persist;
    private readonly Dictionary<string, TVm> _vms = new(StringComparer.Ordinal);
    private readonly VmEventHub _events = new();
    private bool _closed;

    /// <param name="owner">The driver: named by <see cref="ObjectDisposedException"/> once closed.</param>
    /// <param name="name">The driver's short name, for <see cref="UnsupportedOperationException"/>.</param>
    /// <param name="capabilities">What the driver can do; <see cref="Require"/> checks against it.</param>
    /// <param name="time">The driver's clock: every <see cref="VmStatus.Since"/> and event time comes from it.</param>
    /// <param name="persist">Records a VM's state after each transition (its run directory), or null to keep it in memory only.</param>
    /// <param name="gate">A lock shared with something beyond the driver (the fake's host), or null for a new one.</param>
    public DriverCore(object owner, string name, DriverCapabilities capabilities, TimeProvider time, Action<TVm>? persist = null, Lock? gate = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(time);
        _owner = owner;
        Name = name;
        Capabilities = capabilities;
        Time = time;
        _persist = persist;
        Gate = gate ?? new Lock();
    }

    public string Name { get; }

    public DriverCapabilities Capabilities { get; }

    public TimeProvider Time { get; }

    /// <summary>Guards the table, the closing flag and every VM's observed state.</summary>
    public Lock Gate { get; }

    /// <summary>True once <see cref="TryClose"/> ran.</summary>
    public bool IsClosed_NeedsLock => _closed;

    /// <summary>The definition error a driver reports for one field of a definition (the API's location).</summary>
    public static InvalidDefinitionException Invalid(VmDefinition definition, string code, string field, string message)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new(definition.Id, [Diagnostic.Error(code, SourceLocation.OfFile("api"), $"vm[{definition.Name}].{field}", message)]);
    }

    /// <summary>The refusal of a second, different definition under an id in use.</summary>
    public static InvalidDefinitionException IdInUse(VmDefinition definition) =>
        Invalid(definition, VmDefinitionValidator.IdInUse, "id", $"vm id \"{definition.Id}\" is already defined with a different definition (remove it first)");

    /// <summary>The VM with <paramref name="vmId"/>; <see cref="VmNotFoundException"/> when the table has none.</summary>
    public TVm Get(string vmId)
    {
        lock (Gate)
        {
            return Find_NeedsLock(vmId);
        }
    }

    /// <summary>As <see cref="Get"/>, under the gate; <see cref="ObjectDisposedException"/> once closed.</summary>
    public TVm Find_NeedsLock(string vmId)
    {
        ThrowIfClosed_NeedsLock();
        return _vms.TryGetValue(vmId, out var vm) ? vm : throw new VmNotFoundException(vmId);
    }

    public bool TryFind_NeedsLock(string vmId, out TVm vm)
    {
        ThrowIfClosed_NeedsLock();
        return _vms.TryGetValue(vmId, out vm!);
    }

    public bool Contains_NeedsLock(string vmId) => _vms.ContainsKey(vmId);

    /// <summary>
    /// The status of the VM already defined under <paramref name="definition"/>'s id when the definition is the same
    /// (defining again is a no-op), null when the id is free; a different definition is refused.
    /// </summary>
    public VmStatus? ExistingStatus_NeedsLock(VmDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!TryFind_NeedsLock(definition.Id, out var existing))
        {
            return null;
        }

        return existing.Definition == definition ? existing.ToStatus() : throw IdInUse(definition);
    }

    /// <summary>Adds (or replaces) the VM under its id.</summary>
    public void Track_NeedsLock(TVm vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        ThrowIfClosed_NeedsLock();
        _vms[vm.Id] = vm;
    }

    public bool Untrack_NeedsLock(string vmId) => _vms.Remove(vmId);

    /// <summary>Every tracked VM, ordered by id.</summary>
    public IReadOnlyList<TVm> Vms_NeedsLock() => [.. _vms.Values.OrderBy(vm => vm.Id, StringComparer.Ordinal)];

    /// <summary>Every event from this call on (the subscription is taken now), until cancelled or closed.</summary>
    public IAsyncEnumerable<VmEvent> Watch(CancellationToken cancellationToken) => _events.Watch(cancellationToken);

    /// <summary>
    /// Refuses every later call (<see cref="ObjectDisposedException"/>) and returns the VMs to detach, or false when
    /// already closed. The event streams stay open until <see cref="CompleteClose"/>, so the detach can still report.
    /// </summary>
    public bool TryClose(out IReadOnlyList<TVm> vms)
    {
        lock (Gate)
        {
            return TryClose_NeedsLock(out vms);
        }
    }

    /// <inheritdoc cref="TryClose"/>
    public bool TryClose_NeedsLock(out IReadOnlyList<TVm> vms)
    {
        if (_closed)
        {
            vms = [];
            return false;
        }

        _closed = true;
        vms = [.. _vms.Values];
        return true;
    }

    /// <summary>Ends every watcher's event stream; later watchers get an empty one.</summary>
    public void CompleteClose() => _events.Dispose();

    public void ThrowIfClosed_NeedsLock() => ObjectDisposedException.ThrowIf(_closed, _owner);

    /// <summary>Throws <see cref="UnsupportedOperationException"/> when the driver lacks <paramref name="capability"/>.</summary>
    public void Require(DriverCapabilities capability, string? vmId)
    {
        if (!Capabilities.HasFlag(capability))
        {
            throw new UnsupportedOperationException(Name, capability, vmId);
        }
    }
}
