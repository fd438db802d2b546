using Nines.Agent.Hosting;
using Nines.Contracts.Hosting;
using Nines.Controller.AvailabilityShell;
using Nines.Controller.Supervision;
using Nines.Drivers.Container;
using Nines.Drivers.Qemu;
using Nines.Networking.Commands;
using Nines.Networking.Planning;

namespace Nines.Embedded;

/// <summary>How an <see cref="EmbeddedHost"/> is composed; every member has a working default.</summary>
public sealed record EmbeddedHostOptions
{
    /// <summary>The tenant deployments made through <see cref="EmbeddedHost.DeployFileAsync"/> belong to by default.</summary>
    public const string DefaultTenant = "default";

    /// <summary>
    /// Where the store (<c>state.db</c>), the Open vSwitch run directory (<c>ovs/</c>) and the VMs' run directories
    /// (<c>vms/</c>) live; null for <see cref="DefaultDataDirectory"/>.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>The name this machine registers as (the planner's only host).</summary>
    public string HostName { get; init; } = "local";

    public EmbeddedDriverKind Driver { get; init; } = EmbeddedDriverKind.Qemu;

    /// <summary>
    /// Runs the host's networking inside this network namespace (it must exist): the Open vSwitch daemons, taps,
    /// host interfaces, host routes and forwarding, and the QEMU processes (which open their taps in their own
    /// namespace). Null uses the process's namespace.
    /// </summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Runs the network tools (<c>ip</c>, <c>ovs-vsctl</c>…); null for child processes. Wrapped for <see cref="NetworkNamespace"/>.</summary>
    public ICommandRunner? CommandRunner { get; init; }

    /// <summary>The bridge and tag pool of the host's networks.</summary>
    public NetworkPlannerOptions Networks { get; init; } = NetworkPlannerOptions.Default;

    /// <summary>
    /// The QEMU driver's options; null for defaults. The state directory defaults to <c>DATA/vms</c>, the probe guest
    /// to the guest image, and a <see cref="NetworkNamespace"/> adds its <c>ip netns exec</c> launch prefix.
    /// </summary>
    public QemuDriverOptions? Qemu { get; init; }

    /// <summary>
    /// The container driver's options (OS-level VMs); null for defaults. The state directory defaults to
    /// <c>DATA/instances</c>, the busybox root cache to <see cref="ImageCacheDirectory"/>; the veths' host ends are
    /// always made with the host's network runner (<see cref="CommandRunner"/>, in <see cref="NetworkNamespace"/>).
    /// </summary>
    public ContainerDriverOptions? Container { get; init; }

    /// <summary>Where the guest image is cached (built there when missing); null for the image builder's default.</summary>
    public string? ImageCacheDirectory { get; init; }

    /// <summary>
    /// Shared image libraries (<c>nines up --image-root</c>): with each tenant's <c>DATA/images/&lt;tenant&gt;</c>, the only
    /// places a VM submitted through the API may take kernels, disk images and <c>hostfs</c> roots from. None by default.
    /// </summary>
    public IReadOnlyList<string> ImageRoots { get; init; } = [];

    /// <summary>How long the host's registration outlives its last heartbeat.</summary>
    public TimeSpan HostLeaseTtl { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the host heartbeats (renews its lease and refreshes its record).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a deploy or undeploy being waited for is looked at.</summary>
    public TimeSpan OperationPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Reports the slow steps of starting (building the guest image, starting Open vSwitch).</summary>
    public IProgress<string>? StartProgress { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the long-running components log (reconcile failures, loop restarts, decisions); none by default.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    /// <summary>How the long-running loops are restarted after a failure (backoff); null for the defaults.</summary>
    public LoopSupervisorOptions? Supervision { get; init; }

    /// <summary>The availability manager's options (launcher, recovery configuration); null for defaults.</summary>
    public AvailabilityOptions? Availability { get; init; }

    /// <summary><c>$NINES_HOME/data</c>, else <c>$XDG_DATA_HOME/nines</c>, else <c>~/.local/share/nines</c> (<see cref="NinesDataDirectory.Default"/>).</summary>
    public static string DefaultDataDirectory(Func<string, string?>? environment = null) => NinesDataDirectory.Default(environment);
}
