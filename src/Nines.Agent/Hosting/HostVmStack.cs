using Nines.Agent.Convergence;
using Nines.Drivers.Container;
using Nines.Drivers.Fake;
using Nines.Drivers.Mapping;
using Nines.Drivers.Qemu;
using Nines.Drivers.Routing;
using Nines.Images;
using Nines.Networking.Applying;
using Nines.Networking.Commands;
using Nines.Networking.Ovs;

namespace Nines.Agent.Hosting;

/// <summary>
/// One host's VM side, shared by the embedded host and the HTTP agent: the driver (QEMU guests and OS-level
/// instances behind one <see cref="RoutingVmDriver"/>, or fakes for both), the host's networks (an Open vSwitch instance
/// it owns, with the host's uplink, or networks planned in memory with the fakes) and the guest image.
/// Not an agent and not a process: <see cref="AgentHost"/> (one host's agent process) and the embedded host
/// (<c>Nines.Embedded.EmbeddedHost</c>, a whole single-machine control plane) each start one.
/// </summary>
public sealed class HostVmStack : IAsyncDisposable
{
    private HostVmStack(RoutingVmDriver driver, IHostNetworks networks, OvsDaemon? ovs, GuestImage? image, VmMappingOptions mapping)
    {
        Driver = driver;
        Networks = networks;
        Ovs = ovs;
        GuestImage = image;
        Mapping = mapping;
    }

    public RoutingVmDriver Driver { get; }

    public IHostNetworks Networks { get; }

    /// <summary>The Open vSwitch instance (null with the fake drivers, whose networks stay in memory).</summary>
    public OvsDaemon? Ovs { get; }

    /// <summary>The guest image VMs boot when their own kernel is missing (null with the fake drivers).</summary>
    public GuestImage? GuestImage { get; }

    /// <summary>How scenario VMs become definitions for this host's drivers (the guest image's paths).</summary>
    public VmMappingOptions Mapping { get; }

    /// <summary>The directory of the guest image's kernel and initramfs, which this host's VMs may boot whatever the libraries.</summary>
    public string GuestImageDirectory => Path.GetDirectoryName(Mapping.GuestKernelPath) ?? "/";

    /// <summary>Starts Open vSwitch (or adopts the one this directory's run left), builds the guest image when missing, creates the drivers.</summary>
    public static async Task<HostVmStack> StartAsync(HostVmStackOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var time = options.TimeProvider;
        if (options.Driver == EmbeddedDriverKind.Fake)
        {
            // Fake means everything fake: instances are pretend VMs too (on their own fake machine, so ids never mix).
            var fakes = new RoutingVmDriver(new FakeDriver(options.FakeMachine ?? new FakeHost(time), options.FakeDriver), new FakeDriver(new FakeHost(time), options.FakeDriver));
            return new HostVmStack(fakes, new InMemoryHostNetworks(options.Networks), null, null, new VmMappingOptions("/nines/guest/vmlinux", "/nines/guest/initramfs.cpio.gz", _ => false));
        }

        var runner = options.CommandRunner ?? new ProcessCommandRunner();
        runner = options.NetworkNamespace is { } ns ? new NetnsCommandRunner(ns, runner) : runner;
        options.StartProgress?.Report("starting Open vSwitch");
        var ovs = await OvsDaemon.StartAsync(new OvsDaemonOptions(Path.Combine(options.DataDirectory, "ovs")), runner, time, cancellationToken).ConfigureAwait(false);
        try
        {
            return await StartDriversAsync(options, runner, ovs, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A failed start leaves nothing behind: the switch goes again if this start brought it up.
            await StopIfStartedHereAsync(ovs).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stops <paramref name="ovs"/> when this start brought it up (none ran, so no VM's traffic went through it before):
    /// for a start that failed after it. Daemons adopted from an earlier run are left to the VMs that outlived it.
    /// </summary>
    public static async Task StopIfStartedHereAsync(OvsDaemon ovs)
    {
        ArgumentNullException.ThrowIfNull(ovs);
        if (ovs.StartedHere)
        {
            await ovs.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<HostVmStack> StartDriversAsync(HostVmStackOptions options, ICommandRunner runner, OvsDaemon ovs, CancellationToken cancellationToken)
    {
        var time = options.TimeProvider;
        var applier = new OvsNetworkApplier(ovs, runner, options.Uplink);
        if (options.Uplink is not null)
        {
            // The trunk (or tunnel) exists before any deployment needs it, and a changed uplink is converged at once.
            await applier.ConvergeUplinkAsync(options.Networks.Bridge, cancellationToken).ConfigureAwait(false);
        }

        var image = GuestImageBuilder.TryOpen(options.ImageCacheDirectory)
            ?? await new GuestImageBuilder(time).BuildAsync(new GuestImageOptions { CacheDirectory = options.ImageCacheDirectory }, options.StartProgress, cancellationToken).ConfigureAwait(false);
        var qemu = await QemuDriverFactory.CreateAsync(QemuOptions(options, image), cancellationToken).ConfigureAwait(false);
        IContainerDriver containers;
        try
        {
            var bridge = options.Networks.Bridge;
            containers = await ContainerDriverFactory.CreateAsync(
                ContainerOptions(options, runner) with { AttachPort = (port, ct) => applier.ReattachPortAsync(bridge, port, ct) },
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await qemu.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var mapping = new VmMappingOptions(image.KernelPath, image.InitrdPath, File.Exists)
        {
            CommandLine = image.KernelCommandLine,
            GuestImageMinimumMemoryMiB = image.MinimumMemoryMiB,
        };
        return new HostVmStack(new RoutingVmDriver(qemu, containers), new OvsHostNetworks(applier, options.Networks), ovs, image, mapping);
    }

    /// <summary>Releases the drivers' connections; VMs keep running and Open vSwitch keeps carrying their traffic.</summary>
    public ValueTask DisposeAsync() => Driver.DisposeAsync();

    private static QemuDriverOptions QemuOptions(HostVmStackOptions host, GuestImage image)
    {
        var options = host.Qemu ?? new QemuDriverOptions();
        return options with
        {
            StateDirectory = options.StateDirectory ?? Path.Combine(host.DataDirectory, "vms"),
            ProbeGuest = options.ProbeGuest ?? new AcceleratorProbeGuest(image.KernelPath, image.InitrdPath, image.KernelCommandLine),

            // -netdev tap,ifname=X opens the tap in QEMU's own network namespace.
            LaunchPrefix = host.NetworkNamespace is { } ns && options.LaunchPrefix.Count == 0 ? ["ip", "netns", "exec", ns] : options.LaunchPrefix,
            TimeProvider = host.TimeProvider,
        };
    }

    /// <summary>
    /// Run directories in <c>DATA/instances</c>, the busybox root cached beside the guest image, the veths' host ends made
    /// where the bridge is (the network namespace, when there is one), and instance roots only from the image libraries.
    /// </summary>
    private static ContainerDriverOptions ContainerOptions(HostVmStackOptions host, ICommandRunner networkRunner)
    {
        var options = host.Container ?? new ContainerDriverOptions();
        return options with
        {
            StateDirectory = options.StateDirectory ?? Path.Combine(host.DataDirectory, "instances"),
            RootCacheDirectory = options.RootCacheDirectory ?? host.ImageCacheDirectory,
            NetworkCommands = networkRunner,
            AllowedRootDirectories = [.. options.AllowedRootDirectories, .. host.HostPaths.ImageRoots, .. host.HostPaths.TenantLibraries is { } libraries ? [libraries] : Array.Empty<string>()],
            TimeProvider = host.TimeProvider,
        };
    }
}
