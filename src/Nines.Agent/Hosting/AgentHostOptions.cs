using Microsoft.Extensions.Logging;
using Nines.Contracts.Hosting;
using Nines.Contracts.Security;
using Nines.Drivers.Container;
using Nines.Drivers.Fake;
using Nines.Drivers.Qemu;
using Nines.Networking.Commands;
using Nines.Networking.Planning;
using Nines.Networking.Trunks;
using Nines.Store;

namespace Nines.Agent.Hosting;

/// <summary>How an <see cref="AgentHost"/> is composed: the cluster's store, who this host is, where it listens, its certificate.</summary>
/// <param name="Store">The cluster's store the host registers in (SQLite shared on one machine now, etcd later); not disposed by the agent.</param>
/// <param name="HostName">The name this host registers as.</param>
/// <param name="Credentials">
/// The agent's certificate (naming <paramref name="HostName"/>) and the cluster's CA: it serves HTTPS with the first and
/// lets in only clients whose certificate chains to the second with the controller's identity.
/// </param>
public sealed record AgentHostOptions(IStateStore Store, string HostName, TlsCredentials Credentials)
{
    /// <summary>The port <c>nines agent</c> listens on by default.</summary>
    public const int DefaultPort = 7441;

    /// <summary>Where Kestrel listens (<c>https://ADDRESS:PORT</c>, or <c>http://</c>, served over HTTPS all the same; port 0 picks a free one).</summary>
    public string ListenUrl { get; init; } = $"https://127.0.0.1:{DefaultPort}";

    /// <summary>
    /// The URL registered for the controller to call; null for the address actually bound (which must then be a
    /// concrete address, not <c>0.0.0.0</c>).
    /// </summary>
    public string? AdvertisedUrl { get; init; }

    /// <summary>The address other hosts send live migrations to (the destination QEMU listens there); a concrete IPv4 address.</summary>
    public string MigrationAddress { get; init; } = "127.0.0.1";

    public EmbeddedDriverKind Driver { get; init; } = EmbeddedDriverKind.Qemu;

    /// <summary>
    /// Where the host's Open vSwitch run directory (<c>ovs/</c>), VM run directories (<c>vms/</c>) and suspended VMs'
    /// memory (<c>state/TENANT/</c>, 0700) live; null for <c>DATA/agents/HOST</c> (DATA = <see cref="NinesDataDirectory.Default"/>).
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Runs the host's networking (OVS, taps, host routes) and QEMU inside this existing network namespace; null for the process's.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Runs the network tools; null for child processes. Wrapped for <see cref="NetworkNamespace"/>.</summary>
    public ICommandRunner? CommandRunner { get; init; }

    /// <summary>The bridge and tag pool of the host's networks.</summary>
    public NetworkPlannerOptions Networks { get; init; } = NetworkPlannerOptions.Default;

    /// <summary>The QEMU driver's options; null for defaults (state directory <c>DATA/vms</c>, the guest image as probe guest).</summary>
    public QemuDriverOptions? Qemu { get; init; }

    /// <summary>The OS-level instance driver's options; null for defaults (run directories in <c>DATA/instances</c>).</summary>
    public ContainerDriverOptions? Container { get; init; }

    /// <summary>This host's link to the other hosts' bridges: an 802.1q trunk interface or VXLAN peers; null for none.</summary>
    public HostUplink? Uplink { get; init; }

    /// <summary>Where the guest image is cached (built there when missing); null for the image builder's default.</summary>
    public string? ImageCacheDirectory { get; init; }

    /// <summary>
    /// Shared image libraries (<c>nines agent --image-root</c>): with the tenants' libraries under
    /// <see cref="TenantLibraries"/> and the guest image's directory, the only host files this host's VMs may use; a
    /// definition naming anything else is refused here whatever the controller sent. None by default.
    /// </summary>
    public IReadOnlyList<string> ImageRoots { get; init; } = [];

    /// <summary>The directory of the per-tenant libraries (<c>&lt;dir&gt;/&lt;tenant&gt;</c>); null for <c>DATA/images</c> of this agent.</summary>
    public string? TenantLibraries { get; init; }

    /// <summary>
    /// The machine the fake driver's VMs live on; null for a new one. Passing the previous agent's lets a test play a
    /// restarted agent on the same machine, whose VMs are re-attached.
    /// </summary>
    public FakeHost? FakeMachine { get; init; }

    /// <summary>How the fake driver behaves (tests play a less capable driver); null for the defaults.</summary>
    public FakeDriverOptions? FakeDriver { get; init; }

    /// <summary>Memory the host offers VMs, in MiB; null for what the process sees available.</summary>
    public long? MemoryMiB { get; init; }

    /// <summary>vCPUs the host offers; null for unlimited.</summary>
    public int? Vcpus { get; init; }

    /// <summary>
    /// The host's load, 0 (idle) to 1 (fully loaded), read at each heartbeat into its registration (WeightedRoundRobin
    /// gives a host a share proportional to CPU × (1 − load)); null reports 0.
    /// </summary>
    public Func<double>? LoadProbe { get; init; }

    /// <summary>
    /// How long the host's registration outlives its last heartbeat (default 3 s: with self-fencing a lost host's VMs
    /// run elsewhere about this long after it died, plus the fence margin).
    /// </summary>
    public TimeSpan HostLeaseTtl { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the host heartbeats (renews its lease and refreshes its record); default 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Fence the host (destroy every VM) when its registration lease cannot be renewed in time, and publish that promise
    /// so the controller restarts the VMs elsewhere after the deadline; null (the default) for no fencing, whose VMs
    /// the controller never moves.
    /// </summary>
    public SelfFencingOptions? SelfFencing { get; init; }

    /// <summary>Configures the web host's logging; null logs nothing (the CLI adds its own).</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>Reports the slow steps of starting (building the guest image, starting Open vSwitch).</summary>
    public IProgress<string>? StartProgress { get; init; }

    /// <summary>
    /// Run the administrator's hooks the controller sends (<c>nines host upgrade --hook</c>, <c>DATA/hooks/ID</c>);
    /// false (the default): every hook is refused.
    /// </summary>
    public bool AllowHooks { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the long-running components log (reconcile failures, loop restarts, decisions); none by default.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    /// <summary>
    /// With a fence guard (<c>nines agent-guard</c>, <see cref="Guard.FenceGuard"/>): the agent also answers health checks
    /// on <c>DATA/agent.sock</c> and, at each registration, writes <c>DATA/fence-link.json</c> (lease, fencing terms, how to
    /// restart the agent). Needs <see cref="SelfFencing"/>. Null for none.
    /// </summary>
    public AgentFenceGuardOptions? FenceGuard { get; init; }
}
