using Nines.Domain.Scenarios;
using Nines.Drivers.Container.Tests.Support;
using Nines.Drivers.Qemu;
using Nines.Images;
using Nines.Networking.Planning;
using Xunit.Abstractions;

namespace Nines.Drivers.Container.Tests;

/// <summary>
/// Instances on scenario networks: veths on an Open vSwitch segment in a throw-away namespace, planned and applied
/// with Nines.Networking like the taps of QEMU guests.
/// </summary>
public sealed class ContainerDriverNetworkTests(ITestOutputHelper output)
{
    [RequiresRootFact]
    public async Task TwoInstances_OnOneSegment_PingEachOtherAndNotAcrossSegments()
    {
        await using var ovs = await OvsNamespace.StartAsync();
        var scenario = new Scenario(
            "pair",
            Networks: [new NetworkSpec("net0"), new NetworkSpec("net1")],
            Vms: [Vm("ct1", "net0"), Vm("ct2", "net0"), Vm("ct3", "net1")]);
        var plan = await DeployAsync(ovs, scenario, veths: ["ct1", "ct2", "ct3"]);
        plan.Ports.ShouldAllBe(p => p.Kind == PortKind.Veth);
        await using var host = await ContainerTestHost.StartAsync(o => o with { NetworkCommands = ovs.Runner });

        foreach (var (name, address) in new[] { ("ct1", "10.9.0.1"), ("ct2", "10.9.0.2"), ("ct3", "10.9.0.3") })
        {
            await host.StartAsync(ContainerTestHost.Instance(name) with { Nics = [Nic(plan, name)] });
            (await host.ShellAsync(name, $"ip addr add {address}/24 dev eth0")).ExitCode.ShouldBe(0);
        }

        (await host.ShellAsync("ct1", "ping -c 2 -W 2 10.9.0.2")).ExitCode.ShouldBe(0);
        (await host.ShellAsync("ct2", "ping -c 2 -W 2 10.9.0.1")).ExitCode.ShouldBe(0);
        (await host.ShellAsync("ct1", "ping -c 1 -W 1 10.9.0.3")).ExitCode.ShouldNotBe(0, "ct3 is on another segment");

        // TCP too: Open vSwitch's userspace datapath forwards frames as they are, so a segment left to checksum offload
        // would arrive with a bad checksum and be dropped while ping still works.
        (await host.ShellAsync("ct2", "nc -l -p 7000 -e /bin/echo tcp-ok > /dev/null 2>&1 < /dev/null &")).ExitCode.ShouldBe(0);
        var tcp = await host.ShellAsync("ct1", "for i in 1 2 3 4 5; do nc -w 3 10.9.0.2 7000 < /dev/null && exit 0; sleep 0.2; done; exit 1");
        tcp.StandardOutput.ShouldContain("tcp-ok", customMessage: $"no TCP answer across the segment: {tcp.StandardError}");
        (await host.ShellAsync("ct1", "cat /sys/class/net/eth0/address")).StandardOutput.Trim().ShouldBe(Nic(plan, "ct1").Mac, "the instance has its own read-only sysfs, showing its own interfaces");
        var kpis = await host.Driver.SampleAsync("ct1", CancellationToken.None);
        kpis.Nics.Single().TransmittedPackets.ShouldBeGreaterThan(0);

        // The veth goes with the instance's namespace; undeploy removes the labelled ports.
        var port = plan.FindVmPort("ct1", 0)!.Name;
        await host.Driver.DestroyAsync("ct1", CancellationToken.None);
        (await ovs.Runner.RunAsync("ip", ["link", "show", "dev", port], null, CancellationToken.None)).Succeeded.ShouldBeFalse();
        await ovs.Applier.RemoveAsync(plan.Bridge, plan.ScenarioId, CancellationToken.None);
        (await ovs.Applier.ReadStateAsync(plan.Bridge, CancellationToken.None)).Ports.ShouldBeEmpty();
    }

    [RequiresRootFact]
    public async Task InstanceAndQemuGuest_OnOneScenarioNetwork_PingEachOther()
    {
        var image = GuestImageBuilder.TryOpen()
            ?? await new GuestImageBuilder(TimeProvider.System).BuildAsync(new GuestImageOptions(), null, CancellationToken.None);
        await using var ovs = await OvsNamespace.StartAsync();
        var scenario = new Scenario("mixed", Networks: [new NetworkSpec("net0")], Vms: [Vm("guest", "net0"), Vm("ct", "net0")]);
        var plan = await DeployAsync(ovs, scenario, veths: ["ct"]);
        plan.FindVmPort("guest", 0)!.Kind.ShouldBe(PortKind.Tap);
        plan.FindVmPort("ct", 0)!.Kind.ShouldBe(PortKind.Veth);

        await using var host = await ContainerTestHost.StartAsync(o => o with { NetworkCommands = ovs.Runner });
        var qemuState = Directory.CreateTempSubdirectory("nqc-").FullName;

        // QEMU opens its tap by name, so it must run in the namespace that holds the bridge.
        var wrapper = Path.Combine(qemuState, "qemu-in-netns");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec ip netns exec {ovs.Name} qemu-system-x86_64 \"$@\"\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(wrapper, (UnixFileMode)0x1ED);
        }

        var qemu = await QemuDriverFactory.CreateAsync(
            new QemuDriverOptions { StateDirectory = Path.Combine(qemuState, "vms"), QemuBinary = wrapper, Accelerator = "tcg" },
            CancellationToken.None);
        try
        {
            var guest = new VmDefinition(
                "guest", "guest", 128, 1, new BootSource(image.KernelPath, image.InitrdPath, image.KernelCommandLine),
                [new NicDefinition(0, "fe:fd:00:00:01:00", "net0", $"tap:{plan.FindVmPort("guest", 0)!.Name}")]);
            await qemu.DefineAsync(guest, CancellationToken.None);
            await qemu.StartAsync("guest", CancellationToken.None);
            await host.StartAsync(ContainerTestHost.Instance("ct") with { Nics = [Nic(plan, "ct")] });
            (await host.ShellAsync("ct", "ip addr add 10.9.0.2/24 dev eth0")).ExitCode.ShouldBe(0);
            await WaitForGuestAsync(qemu, "guest");
            var configured = await qemu.ExecAsync("guest", GuestCommand.Shell("ip link set eth0 up && ip addr add 10.9.0.1/24 dev eth0"), CancellationToken.None);
            configured.ExitCode.ShouldBe(0, configured.StandardError);

            var fromInstance = await host.ShellAsync("ct", "ping -c 3 -W 3 10.9.0.1");
            var fromGuest = await qemu.ExecAsync("guest", GuestCommand.Shell("ping -c 3 -W 3 10.9.0.2", TimeSpan.FromSeconds(20)), CancellationToken.None);
            output.WriteLine(fromInstance.StandardOutput);
            output.WriteLine(fromGuest.StandardOutput);

            fromInstance.ExitCode.ShouldBe(0, fromInstance.StandardOutput);
            fromGuest.ExitCode.ShouldBe(0, fromGuest.StandardOutput);

            // TCP both ways: neither the guest's virtio NIC nor the instance's veth may leave checksums to offload.
            (await qemu.ExecAsync("guest", GuestCommand.Shell("nc -l -p 7000 -e /bin/echo from-guest > /dev/null 2>&1 < /dev/null &"), CancellationToken.None)).ExitCode.ShouldBe(0);
            var toGuest = await host.ShellAsync("ct", "for i in 1 2 3 4 5; do nc -w 3 10.9.0.1 7000 < /dev/null && exit 0; sleep 0.2; done; exit 1");
            (await host.ShellAsync("ct", "nc -l -p 7000 -e /bin/echo from-instance > /dev/null 2>&1 < /dev/null &")).ExitCode.ShouldBe(0);
            var toInstance = await qemu.ExecAsync("guest", GuestCommand.Shell("for i in 1 2 3 4 5; do nc -w 3 10.9.0.2 7000 < /dev/null && exit 0; sleep 0.2; done; exit 1", TimeSpan.FromSeconds(30)), CancellationToken.None);
            toGuest.StandardOutput.ShouldContain("from-guest", customMessage: "no TCP answer from the guest");
            toInstance.StandardOutput.ShouldContain("from-instance", customMessage: "no TCP answer from the instance");
        }
        finally
        {
            await qemu.DestroyAsync("guest", CancellationToken.None);
            await qemu.RemoveAsync("guest", CancellationToken.None);
            await qemu.DisposeAsync();
            Directory.Delete(qemuState, recursive: true);
        }
    }

    private static VmSpec Vm(string name, string network) => new(name, Interfaces: [new InterfaceSpec(0, network)]);

    private static NicDefinition Nic(NetworkPlan plan, string vm) =>
        new(0, $"02:00:00:00:00:{(vm.Sum(c => c) & 0xFF):x2}", plan.FindVmPort(vm, 0)!.Network, $"veth:{plan.FindVmPort(vm, 0)!.Name}");

    private static async Task<NetworkPlan> DeployAsync(OvsNamespace ovs, Scenario scenario, IReadOnlyCollection<string> veths)
    {
        var deployment = new NetworkDeployment("s-" + scenario.Name, scenario, [.. scenario.Vms.Select(v => v.Name)], IncludeHostSection: false, VethVms: veths);
        var state = await ovs.Applier.ReadStateAsync("nines0", CancellationToken.None);
        var plan = NetworkPlanner.Plan(deployment, state).Value!;
        await ovs.Applier.ApplyAsync(plan, CancellationToken.None);
        return plan;
    }

    private static async Task WaitForGuestAsync(IVmDriver driver, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!(await driver.InspectAsync(id, CancellationToken.None)).GuestReady)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the guest agent did not answer");
            await Task.Delay(200);
        }
    }
}
