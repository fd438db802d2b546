using Nines.Domain.Scenarios;
using Nines.Drivers.Mapping;
using Nines.Scenarios;

namespace Nines.Drivers.Tests.Mapping;

/// <summary>Native <c>type: os</c> VMs become OS-level instances; every other VM stays a guest.</summary>
public class VmDefinitionMapperOsLevelTests
{
    private static readonly VmMappingOptions _nothingExists = new("/cache/guest/vmlinux", "/cache/guest/initrd.gz", _ => false) { RunRoot = "/run/nines" };

    private const string Mixed = """
        nines: 1
        name: mixed
        networks:
          - name: net0
        vms:
          - name: guest
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.1/24]}
          - name: vnf
            type: os
            memory: 48M
            vcpus: 2
            filesystem: {path: /srv/vnf-root, type: hostfs}
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.2/24]}
              - {id: 1, network: net0}
            execs:
              - seq: start
                command: echo started
        """;

    private static ScenarioDocument Read(string yaml)
    {
        var result = ScenarioReader.Read(yaml, "mixed.yaml");
        result.Succeeded.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        return result.Value!;
    }

    [Fact]
    public void MapAll_NativeOsTypeVm_InstanceWithRootLimitsAndAutomacNics()
    {
        var result = VmDefinitionMapper.MapAll(Read(Mixed), _nothingExists);

        result.Warnings.ShouldBeEmpty();
        var vnf = result.Value!.Single(d => d.Name == "vnf");
        vnf.Container.ShouldBe(new ContainerDefinition(RootDirectory: "/srv/vnf-root"));
        vnf.Boot.ShouldBe(new BootSource());
        vnf.MemoryMiB.ShouldBe(48, "an instance's memory is its limit: no guest kernel raises it");
        vnf.Vcpus.ShouldBe(2);
        vnf.Qos.ShouldBe(new QosSpec(CpuQuotaPercent: 200), "two vCPUs hold the instance to two CPUs' time");
        vnf.Nics.ShouldBe([new NicDefinition(0, "fe:fd:00:00:02:00", "net0"), new NicDefinition(1, "fe:fd:00:00:02:01", "net0")]);
        vnf.RunDirectory.ShouldBe("/run/nines/mixed.vnf");
        vnf.GuestAgent.ShouldBeTrue("commands reach an instance at once (exec sequences run as for guests)");
    }

    [Fact]
    public void MapAll_GuestBesideOsVm_StaysAGuestBootingTheImage()
    {
        var guest = VmDefinitionMapper.MapAll(Read(Mixed), _nothingExists).Value!.Single(d => d.Name == "guest");

        guest.Container.ShouldBeNull();
        guest.Boot.KernelPath.ShouldBe("/cache/guest/vmlinux");
        guest.Nics.Single().Mac.ShouldBe("fe:fd:00:00:01:00");
    }

    [Fact]
    public void Map_OsVmWithQuotaKernelImageFilesystem_KeepsQuotaAndWarnsEachIgnored()
    {
        var scenario = new Scenario("lab", Vms:
        [
            new VmSpec(
                "ct", Type: "OS", Vcpus: 4, Kernel: new KernelSpec("/boot/vmlinuz"), Filesystem: new FilesystemSpec("/images/root.img"),
                Qos: new QosSpec(CpuQuotaPercent: 50, RealTimePriority: 10)),
        ]);
        var bag = new Domain.Diagnostics.DiagnosticBag();

        var ct = VmDefinitionMapper.Map(scenario, scenario.Vms[0], _nothingExists, bag, Domain.Diagnostics.SourceLocation.OfFile("lab.yaml"));

        ct.Container.ShouldBe(new ContainerDefinition());
        ct.Qos.ShouldBe(new QosSpec(CpuQuotaPercent: 50, RealTimePriority: 10), "the VM's own quota wins over its vCPUs");
        ct.MemoryMiB.ShouldBe(128);
        bag.Items.Select(d => (d.Code, d.Field)).ShouldBe([("NX7104", "vm[ct]/filesystem"), ("NX7104", "vm[ct]/kernel")]);
        bag.Items.ShouldAllBe(d => !d.IsError);
    }

    [Theory]
    [InlineData("os", true)]
    [InlineData("Os", true)]
    [InlineData("uml", false)]
    [InlineData("libvirt", false)]
    [InlineData(null, false)]
    public void IsOsLevel_Type_OnlyOs(string? type, bool expected) =>
        VmDefinitionMapper.IsOsLevel(new VmSpec("vm", Type: type)).ShouldBe(expected);

    [Fact]
    public void MapAll_VnumlTutorial_NoInstances()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "vnuml", "tutorial_root1_xp_sysprep.xml");
        var document = ScenarioReader.Read(File.ReadAllText(path), "tutorial.xml").Value!;

        VmDefinitionMapper.MapAll(document, _nothingExists).Value!.ShouldAllBe(d => d.Container == null);
    }
}
