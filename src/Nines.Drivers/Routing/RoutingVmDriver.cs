using Nines.Domain.Diagnostics;
using Nines.Drivers.Errors;
using Nines.Drivers.Validation;

namespace Nines.Drivers.Routing;

/// <summary>
/// One driver over two: guests (a <see cref="VmDefinition"/> without <see cref="VmDefinition.Container"/>) go to the
/// VM driver (QEMU, or the fake), OS-level instances (with one) to the instance driver (containers, or a second fake).
/// What a host agent runs, so one scenario mixes both behind the same contract.
/// </summary>
/// <remarks>
/// A VM belongs to the driver that defined or re-attached it; an id this driver has not seen yet (defined by an
/// earlier process and not re-attached) is looked up in both. <see cref="Capabilities"/> is the union; each call
/// is checked against the capabilities of the VM's own driver (<see cref="CapabilitiesOfAsync"/>), which refuses what it
/// lacks itself. Disposing disposes both drivers (neither stops its VMs).
/// </remarks>
public sealed partial class RoutingVmDriver : IVmDriver
{
    /// <summary>A definition asks for SCHED_FIFO and the driver it goes to cannot give it.</summary>
    public const string RealTimeUnsupported = "NX7011";

    private readonly IVmDriver _vms;
    private readonly IVmDriver _instances;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IVmDriver> _owners = new(StringComparer.Ordinal);

    /// <param name="vms">Runs guests: definitions without a container part.</param>
    /// <param name="instances">Runs OS-level instances: definitions with a container part. Must not be <paramref name="vms"/>.</param>
    public RoutingVmDriver(IVmDriver vms, IVmDriver instances)
    {
        ArgumentNullException.ThrowIfNull(vms);
        ArgumentNullException.ThrowIfNull(instances);
        if (ReferenceEquals(vms, instances))
        {
            throw new ArgumentException("the guest and the instance driver must be two drivers: ids would be routed to one and found in both", nameof(instances));
        }

        _vms = vms;
        _instances = instances;
    }

    /// <summary><c>VMS+INSTANCES</c>, e.g. <c>qemu+container</c>.</summary>
    public string Name => $"{_vms.Name}+{_instances.Name}";

    /// <summary>What either driver can do; a VM gets only its own driver's (<see cref="CapabilitiesOfAsync"/>).</summary>
    public DriverCapabilities Capabilities => _vms.Capabilities | _instances.Capabilities;

    /// <summary>The driver guests go to.</summary>
    public IVmDriver Vms => _vms;

    /// <summary>The driver OS-level instances go to.</summary>
    public IVmDriver Instances => _instances;

    /// <summary>The capabilities of the driver that runs <paramref name="vmId"/>.</summary>
    /// <exception cref="VmNotFoundException">No driver knows the id.</exception>
    public async Task<DriverCapabilities> CapabilitiesOfAsync(string vmId, CancellationToken cancellationToken) =>
        (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).Capabilities;

    /// <summary>The driver a definition belongs to: the instance driver when it has a container part.</summary>
    public IVmDriver DriverFor(VmDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Container is null ? _vms : _instances;
    }

    public async Task<VmStatus> DefineAsync(VmDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var target = DriverFor(definition);
        var other = ReferenceEquals(target, _vms) ? _instances : _vms;
        if (definition.Qos?.RealTimePriority is { } priority && !target.Capabilities.HasFlag(DriverCapabilities.RealTime))
        {
            throw Invalid(definition, RealTimeUnsupported, "qos.realTimePriority", $"the {target.Name} driver cannot run this VM under SCHED_FIFO priority {priority} (its threads are not given a real-time class); remove the priority or make the VM an OS-level instance (type: os)");
        }

        if (await KnowsAsync(other, definition.Id, cancellationToken).ConfigureAwait(false))
        {
            throw Invalid(definition, VmDefinitionValidator.IdInUse, "id", $"vm id \"{definition.Id}\" is already defined on the {other.Name} driver (remove it first)");
        }

        var status = await target.DefineAsync(definition, cancellationToken).ConfigureAwait(false);
        Own(definition.Id, target);
        return status;
    }

    public async Task<VmStatus> StartAsync(string vmId, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).StartAsync(vmId, cancellationToken).ConfigureAwait(false);

    public async Task<VmStatus> PauseAsync(string vmId, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).PauseAsync(vmId, cancellationToken).ConfigureAwait(false);

    public async Task<VmStatus> ResumeAsync(string vmId, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).ResumeAsync(vmId, cancellationToken).ConfigureAwait(false);

    public async Task<VmStatus> SuspendAsync(string vmId, string statePath, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).SuspendAsync(vmId, statePath, cancellationToken).ConfigureAwait(false);

    public async Task<VmStatus> RestoreAsync(string vmId, string statePath, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).RestoreAsync(vmId, statePath, cancellationToken).ConfigureAwait(false);

    public async Task<ShutdownResult> ShutdownAsync(string vmId, TimeSpan gracePeriod, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).ShutdownAsync(vmId, gracePeriod, cancellationToken).ConfigureAwait(false);

    public async Task<VmStatus> DestroyAsync(string vmId, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).DestroyAsync(vmId, cancellationToken).ConfigureAwait(false);

    public async Task<VmStatus> RebootAsync(string vmId, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).RebootAsync(vmId, cancellationToken).ConfigureAwait(false);

    public async Task RemoveAsync(string vmId, CancellationToken cancellationToken)
    {
        var owner = await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false);
        await owner.RemoveAsync(vmId, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _owners.Remove(vmId);
        }
    }

    public async Task<VmStatus> InspectAsync(string vmId, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).InspectAsync(vmId, cancellationToken).ConfigureAwait(false);

    public async Task<VmKpis> SampleAsync(string vmId, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).SampleAsync(vmId, cancellationToken).ConfigureAwait(false);

    public async Task<GuestExecResult> ExecAsync(string vmId, GuestCommand command, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).ExecAsync(vmId, command, cancellationToken).ConfigureAwait(false);

    public async Task WriteFileAsync(string vmId, string guestPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).WriteFileAsync(vmId, guestPath, content, cancellationToken).ConfigureAwait(false);

    public async Task<VmStatus> ResizeAsync(string vmId, QosChange change, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).ResizeAsync(vmId, change, cancellationToken).ConfigureAwait(false);

    public async Task<Migration.MigrationEndpoint> PrepareIncomingMigrationAsync(string vmId, Migration.MigrationEndpoint listen, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).PrepareIncomingMigrationAsync(vmId, listen, cancellationToken).ConfigureAwait(false);

    public async Task<Migration.MigrationResult> MigrateAsync(string vmId, Migration.MigrationEndpoint destination, Migration.MigrationPolicy policy, IProgress<Migration.MigrationProgress>? progress, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).MigrateAsync(vmId, destination, policy, progress, cancellationToken).ConfigureAwait(false);

    public async Task<VmStatus> CompleteIncomingMigrationAsync(string vmId, TimeSpan guestCheckTimeout, CancellationToken cancellationToken) =>
        await (await OwnerAsync(vmId, cancellationToken).ConfigureAwait(false)).CompleteIncomingMigrationAsync(vmId, guestCheckTimeout, cancellationToken).ConfigureAwait(false);

    /// <summary>Re-attaches both drivers (each only if it can) and returns every VM found, guests first.</summary>
    public async Task<IReadOnlyList<VmStatus>> ReattachAsync(CancellationToken cancellationToken)
    {
        var found = new List<VmStatus>();
        foreach (var driver in new[] { _vms, _instances }.Where(d => d.Capabilities.HasFlag(DriverCapabilities.Reattach)))
        {
            foreach (var status in await driver.ReattachAsync(cancellationToken).ConfigureAwait(false))
            {
                Own(status.Id, driver);
                found.Add(status);
            }
        }

        return found;
    }

    /// <summary>Disposes both drivers; their VMs keep running.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _vms.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await _instances.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Own(string vmId, IVmDriver driver)
    {
        lock (_gate)
        {
            _owners[vmId] = driver;
        }
    }

    /// <summary>The driver that runs <paramref name="vmId"/>: the one that defined or re-attached it, else the one that knows it.</summary>
    private async Task<IVmDriver> OwnerAsync(string vmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        lock (_gate)
        {
            if (_owners.TryGetValue(vmId, out var owner))
            {
                return owner;
            }
        }

        foreach (var driver in new[] { _vms, _instances })
        {
            if (await KnowsAsync(driver, vmId, cancellationToken).ConfigureAwait(false))
            {
                Own(vmId, driver);
                return driver;
            }
        }

        throw new VmNotFoundException(vmId);
    }

    private static async Task<bool> KnowsAsync(IVmDriver driver, string vmId, CancellationToken cancellationToken)
    {
        try
        {
            await driver.InspectAsync(vmId, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (VmNotFoundException)
        {
            return false;
        }
    }

    private static InvalidDefinitionException Invalid(VmDefinition definition, string code, string field, string message) =>
        new(definition.Id, [Diagnostic.Error(code, SourceLocation.OfFile("api"), $"vm[{definition.Name}].{field}", message)]);
}
