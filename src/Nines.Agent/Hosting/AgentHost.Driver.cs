using Nines.ControlPlane.Agents;
using Nines.ControlPlane.Embedded;
using Nines.Drivers;
using Nines.Drivers.Fake;
using Nines.Drivers.Qemu;
using Nines.Images;
using Nines.Networking.Applying;
using Nines.Networking.Commands;
using Nines.Networking.Ovs;

namespace Nines.Agent.Hosting;

/// <summary>The host's VM driver and networks, as <see cref="EmbeddedHost"/> composes them.</summary>
public sealed partial class AgentHost
{
    // The same composition as EmbeddedHost.StartCoreAsync's driver block (its QemuOptions and NetworkRunner too):
    // to be extracted into one shared piece of the control plane, which both then call.
    private async Task<(IVmDriver Driver, IHostNetworks Networks)> CreateDriverAsync(CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        if (_options.Driver == EmbeddedDriverKind.Fake)
        {
            return (new FakeDriver(_options.FakeMachine ?? new FakeHost(time)), new InMemoryHostNetworks(_options.Networks));
        }

        var runner = _options.CommandRunner ?? new ProcessCommandRunner();
        runner = _options.NetworkNamespace is { } ns ? new NetnsCommandRunner(ns, runner) : runner;
        _options.StartProgress?.Report("starting Open vSwitch");
        _ovs = await OvsDaemon.StartAsync(new OvsDaemonOptions(Path.Combine(DataDirectory, "ovs")), runner, time, cancellationToken).ConfigureAwait(false);
        var networks = new OvsHostNetworks(new OvsNetworkApplier(_ovs, runner), _options.Networks);
        var image = GuestImageBuilder.TryOpen(_options.ImageCacheDirectory)
            ?? await new GuestImageBuilder(time).BuildAsync(new GuestImageOptions { CacheDirectory = _options.ImageCacheDirectory }, _options.StartProgress, cancellationToken).ConfigureAwait(false);
        var qemu = _options.Qemu ?? new QemuDriverOptions();
        qemu = qemu with
        {
            StateDirectory = qemu.StateDirectory ?? Path.Combine(DataDirectory, "vms"),
            ProbeGuest = qemu.ProbeGuest ?? new AcceleratorProbeGuest(image.KernelPath, image.InitrdPath, image.KernelCommandLine),
            LaunchPrefix = _options.NetworkNamespace is { } netns && qemu.LaunchPrefix.Count == 0 ? ["ip", "netns", "exec", netns] : qemu.LaunchPrefix,
            TimeProvider = time,
        };
        return (await QemuDriverFactory.CreateAsync(qemu, cancellationToken).ConfigureAwait(false), networks);
    }
}
