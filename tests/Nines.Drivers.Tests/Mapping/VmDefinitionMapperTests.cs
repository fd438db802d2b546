using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Drivers.Mapping;
using Nines.Scenarios;

namespace Nines.Drivers.Tests.Mapping;

public class VmDefinitionMapperTests
{
    private static readonly VmMappingOptions _nothingExists = new("/cache/guest/vmlinux", "/cache/guest/initrd.gz", _ => false);

    private static ScenarioDocument Tutorial()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "vnuml", "tutorial_root1_xp_sysprep.xml");
        var result = ScenarioReader.Read(File.ReadAllText(path), "tutorial_root1_xp_sysprep.xml");
        result.Succeeded.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        return result.Value!;
    }

    [Fact]
    public void MapAll_TutorialUml3_ThreeNicsWithAutomacMacs()
    {
        var result = VmDefinitionMapper.MapAll(Tutorial(), _nothingExists);

        var uml3 = result.Value!.Single(d => d.Name == "uml3");
        uml3.Id.ShouldBe("tutorial-r1_xp.uml3");
        uml3.Nics.ShouldBe(
        [
            new NicDefinition(1, "fe:fd:00:00:03:01", "Net0"),
            new NicDefinition(2, "fe:fd:00:00:03:02", "Net1"),
            new NicDefinition(3, "fe:fd:00:00:03:03", "Net3"),
        ]);
        uml3.Vcpus.ShouldBe(1);
        uml3.GuestAgent.ShouldBeTrue();
        uml3.Watchdog.ShouldBeNull();
    }

    [Fact]
    public void MapAll_TutorialUmlWithMissingKernel_BootsGuestImageWithWarnings()
    {
        var result = VmDefinitionMapper.MapAll(Tutorial(), _nothingExists);

        result.Succeeded.ShouldBeTrue();
        var uml1 = result.Value!.Single(d => d.Name == "uml1");
        uml1.Boot.ShouldBe(new BootSource("/cache/guest/vmlinux", "/cache/guest/initrd.gz", VmMappingOptions.DefaultCommandLine));
        uml1.MemoryMiB.ShouldBe(128);
        var warnings = result.Warnings.Where(w => w.Field!.StartsWith("vm[uml1]", StringComparison.Ordinal)).ToList();
        warnings.Select(w => w.Code).Order().ShouldBe(["NX7101", "NX7102", "NX7103"]);
        warnings.Single(w => w.Code == "NX7101").Message.ShouldBe("vm \"uml1\": 64 MiB is below the 96 MiB the guest image needs; using 128 MiB");
        warnings.Single(w => w.Code == "NX7102").Message.ShouldBe("vm \"uml1\": kernel \"/usr/share/vnuml/kernels/linux\" does not exist on this host; booting the guest image instead");
        warnings.ShouldAllBe(w => w.Location.File == "tutorial_root1_xp_sysprep.xml" && w.Location.Line > 0);
    }

    [Fact]
    public void MapAll_TutorialWindowsVm_KeepsItsMemory()
    {
        var uml2 = VmDefinitionMapper.MapAll(Tutorial(), _nothingExists).Value!.Single(d => d.Name == "uml2");

        uml2.MemoryMiB.ShouldBe(256);
        uml2.Nics.Single().Mac.ShouldBe("fe:fd:00:00:02:01");
    }

    [Fact]
    public void Map_AutomacOffset_ShiftsVmNumber()
    {
        var document = Tutorial();
        var scenario = document.Scenario with { AutoMac = new AutoMacSpec(Offset: 10) };

        var uml3 = VmDefinitionMapper.Map(scenario, scenario.FindVm("uml3")!, _nothingExists, new DiagnosticBag(), SourceLocation.OfFile("api"));

        uml3.Nics.Select(n => n.Mac).ShouldBe(["fe:fd:00:00:0d:01", "fe:fd:00:00:0d:02", "fe:fd:00:00:0d:03"]);
    }

    [Fact]
    public void Map_ExplicitMacAndExistingKernel_UsedAsWritten()
    {
        var scenario = new Scenario(
            "lab",
            Vms:
            [
                new VmSpec(
                    "r1",
                    MemoryKiB: 65536,
                    Vcpus: 2,
                    Kernel: new KernelSpec("/boot/vmlinux", Root: "/dev/vda"),
                    Filesystem: new FilesystemSpec("/fs/root.img"),
                    Interfaces: [new InterfaceSpec(1, "Net0", Mac: "02:00:00:00:00:01"), new InterfaceSpec(2, "Net1")],
                    Qos: new QosSpec(CpuShares: 512)),
            ]);
        var options = _nothingExists with { PathExists = _ => true, RunRoot = "/run/nines" };
        var bag = new DiagnosticBag();

        var r1 = VmDefinitionMapper.Map(scenario, scenario.Vms[0], options, bag, SourceLocation.OfFile("api"));

        bag.Items.ShouldBeEmpty();
        r1.ShouldBe(new VmDefinition(
            "lab.r1",
            "r1",
            64,
            2,
            new BootSource("/boot/vmlinux", null, VmMappingOptions.DefaultCommandLine + " root=/dev/vda", "/fs/root.img"),
            [new NicDefinition(1, "02:00:00:00:00:01", "Net0"), new NicDefinition(2, "fe:fd:00:00:01:02", "Net1")],
            Qos: new QosSpec(CpuShares: 512),
            RunDirectory: "/run/nines/lab.r1"));
    }

    [Fact]
    public void Map_DiskImage_NoMemoryFloor()
    {
        var scenario = new Scenario("lab", Vms: [new VmSpec("csr", MemoryKiB: 65536, Image: "/images/csr.qcow2")]);
        var bag = new DiagnosticBag();

        var csr = VmDefinitionMapper.Map(scenario, scenario.Vms[0], _nothingExists, bag, SourceLocation.OfFile("api"));

        csr.Boot.ShouldBe(new BootSource(DiskImagePath: "/images/csr.qcow2"));
        csr.MemoryMiB.ShouldBe(64);
        bag.Items.ShouldBeEmpty();
    }

    [Fact]
    public void Map_PinnedDiskImage_BootsTheNamedFileWithItsPin()
    {
        var pinned = "/images/csr.qcow2@sha256:" + new string('c', 64);
        var scenario = new Scenario("lab", Vms: [new VmSpec("csr", MemoryKiB: 65536, Image: pinned)]);
        var bag = new DiagnosticBag();

        var csr = VmDefinitionMapper.Map(scenario, scenario.Vms[0], _nothingExists, bag, SourceLocation.OfFile("api"));

        csr.Boot.ShouldBe(new BootSource(DiskImagePath: "/images/csr.qcow2", DiskImageDigest: "sha256:" + new string('c', 64)));
        bag.Items.ShouldBeEmpty();
    }

    [Fact]
    public void BootOrder_OrderAttributes_OrderedFirstThenDocumentOrder()
    {
        var scenario = new Scenario(
            "lab",
            Vms: [new VmSpec("a", Interfaces: [new InterfaceSpec(1, "Net0")]), new VmSpec("b", Order: 2), new VmSpec("c"), new VmSpec("d", Order: 1)]);

        VmDefinitionMapper.BootOrder(scenario).Select(v => v.Name).ShouldBe(["d", "b", "a", "c"]);
        VmDefinitionMapper.Map(scenario, scenario.Vms[0], _nothingExists, new DiagnosticBag(), SourceLocation.OfFile("api"))
            .Nics.Single().Mac.ShouldBe("fe:fd:00:00:03:01");
    }
}
