using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Vnuml;

public sealed class VnumlReaderFixtureTests
{
    public static TheoryData<string> ScenarioFixtures() => new(ScenarioFixtureNames());

    // The EDIV restrictions file is not a scenario, and the .dtd/.xsd describe the language.
    private static string[] ScenarioFixtureNames() =>
    [
        .. Directory.GetFiles(Path.GetDirectoryName(VnumlTestInput.FixturePath("x"))!, "*.xml")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !name.StartsWith("ediv_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(ScenarioFixtures))]
    public void Read_EveryScenarioFixture_NoDiagnostics(string name)
    {
        var result = VnumlTestInput.ReadFixture(name);

        VnumlTestInput.Lines(result).ShouldBeEmpty();
        result.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void ScenarioFixtures_Listed_CoverBothFiles()
    {
        ScenarioFixtureNames().ShouldBe(["simple_xp.xml", "tutorial_root1_xp_sysprep.xml"]);
    }

    [Fact]
    public void Read_TutorialFixture_StartsWithByteOrderMark()
    {
        File.ReadAllBytes(VnumlTestInput.FixturePath("tutorial_root1_xp_sysprep.xml"))[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
    }

    [Fact]
    public void Read_TutorialFixture_GlobalAndNetworks()
    {
        var scenario = VnumlTestInput.ReadFixture("tutorial_root1_xp_sysprep.xml").Value!.Scenario;

        scenario.Name.ShouldBe("tutorial-r1_xp");
        scenario.Version.ShouldBe("1.91");
        scenario.AutoMac.ShouldBe(new AutoMacSpec(0));
        scenario.ManagementNetwork.ShouldBe("none");
        scenario.Defaults.ShouldBe(new VmDefaults(
            MemoryKiB: 65536,
            Kernel: new KernelSpec("/usr/share/vnuml/kernels/linux"),
            Filesystem: new FilesystemSpec("/usr/share/vnuml/filesystems/root_fs_tutorial", FilesystemType.Cow),
            ExecMode: "mconsole",
            Consoles: ValueList.Of(new ConsoleSpec(0, "xterm"))));
        scenario.Networks.ShouldBe(ValueList.Of(
            new NetworkSpec("Net0"), new NetworkSpec("Net1"), new NetworkSpec("Net2"), new NetworkSpec("Net3")));
    }

    [Fact]
    public void Read_TutorialFixture_VmsInDocumentOrderWithInheritedDefaults()
    {
        var scenario = VnumlTestInput.ReadFixture("tutorial_root1_xp_sysprep.xml").Value!.Scenario;

        scenario.Vms.Select(v => v.Name).ShouldBe(["uml1", "uml2", "uml3", "uml4", "uml5"]);
        scenario.Vms.Select(v => v.Type).ShouldBe(["uml", "libvirt-kvm-windows", "uml", "libvirt-kvm-windows", "libvirt-kvm-windows"]);
        scenario.FindVm("uml2")!.MemoryKiB.ShouldBe(262144);
        scenario.FindVm("uml2")!.MemoryMiB.ShouldBe(256);
        scenario.FindVm("uml1")!.MemoryKiB.ShouldBeNull();
        scenario.Effective(scenario.FindVm("uml1")!).MemoryKiB.ShouldBe(65536);
        scenario.Effective(scenario.FindVm("uml1")!).Filesystem!.Path.ShouldBe("/usr/share/vnuml/filesystems/root_fs_tutorial");
        scenario.Effective(scenario.FindVm("uml2")!).Filesystem!.Path
            .ShouldBe("/home/jrodriguez/vnx-0.14b/filesystems/root_fs_winxp-es-v023b.qcow2");
        scenario.EffectiveVms.Select(v => v.ExecMode).ShouldAllBe(mode => mode == "mconsole");
    }

    [Fact]
    public void Read_TutorialFixture_Uml1Exactly()
    {
        var scenario = VnumlTestInput.ReadFixture("tutorial_root1_xp_sysprep.xml").Value!.Scenario;

        scenario.FindVm("uml1").ShouldBe(new VmSpec(
            "uml1",
            Type: "uml",
            Interfaces: ValueList.Of(new InterfaceSpec(1, "Net0", Ipv4: ValueList.Of(new IpAddressSpec("10.0.0.1", 24)))),
            Routes: ValueList.Of(new RouteSpec(IpFamily.Ipv4, "default", "10.0.0.3"))));
    }

    [Fact]
    public void Read_TutorialFixture_Uml3InterfacesRouteAndForwarding()
    {
        var uml3 = VnumlTestInput.ReadFixture("tutorial_root1_xp_sysprep.xml").Value!.Scenario.FindVm("uml3")!;

        uml3.Interfaces.ShouldBe(ValueList.Of(
            new InterfaceSpec(1, "Net0", Ipv4: ValueList.Of(new IpAddressSpec("10.0.0.3", 24))),
            new InterfaceSpec(2, "Net1", Ipv4: ValueList.Of(new IpAddressSpec("10.0.1.1", 24))),
            new InterfaceSpec(3, "Net3", Ipv4: ValueList.Of(new IpAddressSpec("10.0.3.1", 24)))));
        uml3.Routes.ShouldBe(ValueList.Of(new RouteSpec(IpFamily.Ipv4, "10.0.2.0/24", "10.0.1.2")));
        uml3.Forwarding.ShouldBe(Forwarding.Ip);
        uml3.NetworkNames.ShouldBe(["Net0", "Net1", "Net3"]);
    }

    [Fact]
    public void Read_TutorialFixture_ExecSequences()
    {
        var scenario = VnumlTestInput.ReadFixture("tutorial_root1_xp_sysprep.xml").Value!.Scenario;

        scenario.FindVm("uml4")!.Execs.ShouldBe(ValueList.Of(
            new ExecSpec("enable-routing", ExecType.Verbatim, "sc config RemoteAccess start= auto"),
            new ExecSpec("enable-routing", ExecType.Verbatim, "sc start RemoteAccess")));
        scenario.FindVm("uml2")!.Execs.Select(e => (e.Sequence, e.Command, e.Mode)).ShouldBe(
        [
            ("dir", "dir", null),
            ("logout", "shutdown -l", null),
            ("reboot", "shutdown -r", null),
            ("calc", "calc.exe", "system"),
            ("deg", "shutdown -a", null),
        ]);
    }

    [Fact]
    public void Read_TutorialFixture_HostSection()
    {
        var scenario = VnumlTestInput.ReadFixture("tutorial_root1_xp_sysprep.xml").Value!.Scenario;

        scenario.Host.ShouldBe(new HostSection(
            Interfaces: ValueList.Of(new HostInterfaceSpec("Net3", ValueList.Of(new IpAddressSpec("10.0.3.2", 24)))),
            Routes: ValueList.Of(new RouteSpec(IpFamily.Ipv4, "10.0.0.0/16", "10.0.3.1"))));
    }

    [Fact]
    public void Read_TutorialFixture_MapLocatesEachPart()
    {
        const string Name = "tutorial_root1_xp_sysprep.xml";
        var document = VnumlTestInput.ReadFixture(Name).Value!;
        var scenario = document.Scenario;
        var uml3 = scenario.FindVm("uml3")!;

        document.Map.Locate(scenario.FindNetwork("Net2")!).ShouldBe(new SourceLocation(Name, 26, 4));
        document.Map.Locate(uml3).ShouldBe(new SourceLocation(Name, 50, 4));
        document.Map.Locate(uml3.Interfaces[1]).ShouldBe(new SourceLocation(Name, 54, 6));
        document.Map.Locate(uml3.Routes[0]).ShouldBe(new SourceLocation(Name, 60, 6));
        document.Map.Locate(scenario.FindVm("uml4")!.Execs[1]).ShouldBe(new SourceLocation(Name, 79, 6));
        document.Map.Locate(scenario.Host!.Interfaces[0]).ShouldBe(new SourceLocation(Name, 92, 6));
    }

    [Fact]
    public void Read_SimpleXpFixture_ExactScenario()
    {
        var scenario = VnumlTestInput.ReadFixture("simple_xp.xml").Value!.Scenario;

        scenario.ShouldBe(new Scenario(
            "simple",
            Version: "1.91",
            AutoMac: new AutoMacSpec(0),
            ManagementNetwork: "none",
            Vms: ValueList.Of(new VmSpec(
                "host1",
                Type: "libvirt-kvm-windows",
                MemoryKiB: 262144,
                Filesystem: new FilesystemSpec("/usr/share/vnuml/filesystems/root_fs_winxp", FilesystemType.Cow)))));
    }
}
