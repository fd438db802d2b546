using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Domain.Scenarios;
using Nines.Drivers;
using Nines.Drivers.HostPaths;
using Nines.Networking.Planning;
using Nines.Scenarios;

namespace Nines.Agent.Convergence;

/// <summary>
/// Converges ONE host directly, in process, with a VM driver and the host's networks: what embedded mode
/// (<c>nines up</c>) runs, and what the HTTP agent serves. Each pass is level-based: it reads what the driver and
/// the bridge have, applies the network plan, defines and starts missing VMs, destroys and removes VMs the
/// deployment no longer wants, and once a guest is ready configures its addresses, routes and forwarding.
/// </summary>
/// <remarks>
/// After a restart of the process the first pass re-attaches to the VMs the previous one left running
/// (<see cref="IVmDriver.ReattachAsync"/>), so no VM is started twice; networks need nothing, their labels on
/// the bridge are the record. Crashed or stopped VMs are reported, not restarted (restart policy comes later).
/// Passes are serialised: the agent is safe to call from several controllers' threads.
/// </remarks>
public sealed partial class LocalHostAgent : IHostAgent
{
    private readonly IVmDriver _driver;
    private readonly IHostNetworks _networks;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ImagePins _pins = new();
    private readonly HashSet<string> _vms = new(StringComparer.Ordinal);

    // VM id → the boot (status Since) its guest was configured for; a reboot or restart configures again.
    private readonly Dictionary<string, DateTimeOffset> _configured = new(StringComparer.Ordinal);
    private bool _attached;
    private ILogger _logger = NullLogger.Instance;

    public LocalHostAgent(string hostName, IVmDriver driver, IHostNetworks networks)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(networks);
        HostName = hostName;
        _driver = driver;
        _networks = networks;
    }

    public string HostName { get; }

    /// <summary>Where the agent logs what it does to VMs (define, start, configure, remove, crashes seen, migrations) and its failures; none by default.</summary>
    public ILogger Logger
    {
        get => _logger;
        init => _logger = value ?? NullLogger.Instance;
    }

    /// <summary>
    /// The host files this host's VMs may use (its image roots, the tenants' libraries, its guest image's directory):
    /// a definition naming anything else is refused before the driver sees it. None by default.
    /// </summary>
    public HostPathPolicy HostPaths { get; init; } = HostPathPolicy.None;

    /// <summary>How long a guest configuration script may run.</summary>
    public TimeSpan GuestCommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public async Task<HostDeploymentObservation> ConvergeAsync(HostDeploymentDesired desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFenced_NeedsLock();
            AcceptPlanRevision_NeedsLock(desired);
            await EnsureAttachedAsync(cancellationToken).ConfigureAwait(false);
            var parsed = ScenarioReader.Read(desired.ScenarioYaml, $"{desired.DeploymentId}.yaml");
            if (!parsed.Succeeded)
            {
                var error = $"the scenario does not parse: {string.Join("; ", parsed.Errors)}";
                LogConvergeFailed(HostName, desired.DeploymentId, error);
                return Failed(desired, error);
            }

            var scenario = parsed.Value!.Scenario;
            NetworkPlan plan;
            try
            {
                var names = desired.Vms.Select(v => v.Name).ToList();
                plan = await ApplyNetworksAsync(
                    desired,
                    new NetworkDeployment(desired.DeploymentId, scenario, names, desired.IncludeHostSection, desired.CrossHostVlans, parsed.Value.Map, [.. desired.Vms.Where(v => v.Container is not null).Select(v => v.Name)]),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (HostNetworkPlanException e)
            {
                LogConvergeFailed(HostName, desired.DeploymentId, $"the network plan failed: {e.Message}");
                return Failed(desired, $"the network plan failed: {e.Message}");
            }

            await RemoveExtraAsync(desired, cancellationToken).ConfigureAwait(false);
            var observations = new List<VmObservation>();
            foreach (var definition in desired.Vms)
            {
                var attached = Attach(definition, plan);
                observations.Add(await ConvergeVmAsync(scenario, attached, desired.IsIncoming(definition.Id), cancellationToken).ConfigureAwait(false));
            }

            return new HostDeploymentObservation(desired.DeploymentId, HostName, observations);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<HostDeploymentObservation> RemoveAsync(string deploymentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deploymentId);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureAttachedAsync(cancellationToken).ConfigureAwait(false);
            foreach (var vmId in VmsOf(deploymentId))
            {
                await DestroyAndRemoveAsync(vmId, cancellationToken).ConfigureAwait(false);
            }

            _networkPlans.Remove(deploymentId);
            await _networks.RemoveAsync(deploymentId, cancellationToken).ConfigureAwait(false);
            return new HostDeploymentObservation(deploymentId, HostName, []);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<string>> ListDeploymentsAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureAttachedAsync(cancellationToken).ConfigureAwait(false);
            var fromVms = _vms.Select(DeploymentRef.FromHostId).OfType<DeploymentRef>().Select(d => d.Id);
            var fromNetworks = await _networks.ListScenarioIdsAsync(cancellationToken).ConfigureAwait(false);
            return [.. fromVms.Concat(fromNetworks).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }
        finally
        {
            _gate.Release();
        }
    }

    // Internal so the scenario property test (Properties/) attaches definitions exactly as the agent does.
    internal static VmDefinition Attach(VmDefinition definition, NetworkPlan plan) =>
        definition with
        {
            // The drivers' attachment syntax: "tap:NAME" for QEMU, "veth:NAME" (the veth's host end) for an OS-level
            // instance, whose port the plan made a veth (VethVms); a bare name is refused as an unknown attachment.
            Nics = [.. definition.Nics.Select(nic => nic with
            {
                Attachment = plan.FindVmPort(definition.Name, nic.Id) is { } port
                    ? (port.Kind == PortKind.Veth ? "veth:" : "tap:") + port.Name
                    : nic.Attachment,
            })],
        };

    private HostDeploymentObservation Failed(HostDeploymentDesired desired, string error) =>
        new(desired.DeploymentId, HostName, [.. desired.Vms.Select(v => new VmObservation(v.Name, v.Id, null, false, false))], error, Terminal: true);

    private async Task EnsureAttachedAsync(CancellationToken cancellationToken)
    {
        if (_attached)
        {
            return;
        }

        if (_driver.Capabilities.HasFlag(DriverCapabilities.Reattach))
        {
            var found = await _driver.ReattachAsync(cancellationToken).ConfigureAwait(false);
            foreach (var status in found)
            {
                _vms.Add(status.Id);
            }

            var running = found.Where(s => s.State is VmState.Running or VmState.Paused).Select(s => s.Id).ToList();
            var down = found.Where(s => s.State is not (VmState.Running or VmState.Paused)).Select(s => $"{s.Id} ({s.State.ToString().ToLowerInvariant()})").ToList();
            LogReattached(HostName, running.Count, running.Count == 0 ? "none" : string.Join(", ", running), down.Count == 0 ? "none" : string.Join(", ", down));
        }

        _attached = true;
    }

    private IEnumerable<string> VmsOf(string deploymentId) =>
        [.. _vms.Where(id => id.StartsWith(deploymentId + ".", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private async Task RemoveExtraAsync(HostDeploymentDesired desired, CancellationToken cancellationToken)
    {
        var wanted = desired.Vms.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var vmId in VmsOf(desired.DeploymentId).Where(id => !wanted.Contains(id) && !MigratingIn(id)))
        {
            await DestroyAndRemoveAsync(vmId, cancellationToken).ConfigureAwait(false);
        }
    }

    private static VmSpec EffectiveVm(Scenario scenario, string name) =>
        scenario.FindVm(name) is { } vm ? scenario.Effective(vm) : new VmSpec(name);
}
