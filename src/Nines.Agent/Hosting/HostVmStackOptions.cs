using Nines.Drivers.Container;
using Nines.Drivers.Fake;
using Nines.Drivers.HostPaths;
using Nines.Drivers.Qemu;
using Nines.Networking.Commands;
using Nines.Networking.Planning;
using Nines.Networking.Trunks;

namespace Nines.Agent.Hosting;

/// <summary>How one host's VM side is composed (<see cref="HostVmStack.StartAsync"/>); every member but the directory has a default.</summary>
/// <param name="DataDirectory">Where the Open vSwitch run directory (<c>ovs/</c>), guests (<c>vms/</c>) and instances (<c>instances/</c>) live.</param>
public sealed record HostVmStackOptions(string DataDirectory)
{
    public EmbeddedDriverKind Driver { get; init; } = EmbeddedDriverKind.Qemu;

    /// <summary>Runs the host's networking (OVS, taps, host interfaces, routes) and QEMU inside this existing namespace.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Runs the network tools; null for child processes. Wrapped for <see cref="NetworkNamespace"/>.</summary>
    public ICommandRunner? CommandRunner { get; init; }

    public NetworkPlannerOptions Networks { get; init; } = NetworkPlannerOptions.Default;

    /// <summary>The host's link to the other hosts (an 802.1q trunk interface or VXLAN peers); null on a single host.</summary>
    public HostUplink? Uplink { get; init; }

    public QemuDriverOptions? Qemu { get; init; }

    public ContainerDriverOptions? Container { get; init; }

    /// <summary>
    /// The host's image libraries (its image roots and the tenants' libraries): the only host directories an OS-level
    /// instance's root may come from (<see cref="ContainerDriverOptions.AllowedRootDirectories"/>); which tenant may use
    /// which library is the host agent's check. <see cref="HostPathPolicy.None"/> (the default): none.
    /// </summary>
    public HostPathPolicy HostPaths { get; init; } = HostPathPolicy.None;

    /// <summary>Where the guest image is cached (built there when missing); null for the image builder's default.</summary>
    public string? ImageCacheDirectory { get; init; }

    /// <summary>The machine the fake drivers pretend to be (tests restart a host on the same one); null for a new one.</summary>
    public FakeHost? FakeMachine { get; init; }

    /// <summary>How the fake drivers behave (tests play a less capable driver); null for the defaults.</summary>
    public FakeDriverOptions? FakeDriver { get; init; }

    public IProgress<string>? StartProgress { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the long-running components log (reconcile failures, loop restarts, decisions); none by default.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
}
