using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Vnuml;

/// <summary>A file as VNUML 1.8 wrote them: simulation_name, no vm type/subtype/os, uml_switch with sock="".</summary>
public sealed class VnumlReader18Tests
{
    private const string Vnuml18 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE vnuml SYSTEM "/usr/local/share/xml/vnuml/vnuml.dtd">
        <vnuml>
          <global>
            <version>1.8</version>
            <simulation_name>ipv6-lab</simulation_name>
            <ssh_version>2</ssh_version>
            <automac offset="4"/>
            <vm_mgmt type="private"/>
            <vm_defaults exec_mode="mconsole">
              <filesystem type="cow">/usr/local/share/vnuml/filesystems/root_fs_tutorial</filesystem>
              <mem>32M</mem>
              <kernel root="/dev/ubd0" initrd="/boot/initrd">/usr/local/share/vnuml/kernels/linux</kernel>
              <shell>/bin/sh</shell>
              <basedir>/root</basedir>
              <console id="0">xterm</console>
            </vm_defaults>
          </global>

          <net name="Net0" mode="uml_switch" sock="" />
          <net name="Net1" mode="uml_switch" hub="yes" scope="shared"/>
          <net name="Link" mode="virtual_bridge" type="ppp" external="" vlan="12"><bw>10000000</bw></net>

          <vm name="r1" order="1">
            <if id="1" net="Net0">
              <mac>fe:fd:00:00:01:01</mac>
              <ipv4 mask="255.255.0.0">10.1.0.1</ipv4>
              <ipv6>2001:db8::1/64</ipv6>
            </if>
            <if id="2" net="Link"><ipv6 mask="/126">2001:db8:ff::1</ipv6></if>
            <route type="ipv6" gw="2001:db8:ff::2">default</route>
            <forwarding type="ipv6"/>
            <user username="vnuml" group="users">
              <group>wheel</group>
              <ssh_key>/root/.ssh/id_rsa.pub</ssh_key>
            </user>
            <filetree seq="start" root="/etc/quagga" user="root">conf/r1</filetree>
            <exec seq="start" type="verbatim" gui="no">/etc/init.d/zebra start</exec>
            <exec seq="stop" type="file" mode="mconsole" user="root">conf/stop.sh</exec>
          </vm>

          <vm name="r2" exec_mode="net">
            <mem>65536</mem>
            <if id="1" net="Link"><ipv6>2001:db8:ff::2/126</ipv6></if>
            <if id="2" net="Net1"><ipv4>10.2.0.1/25</ipv4></if>
          </vm>

          <host>
            <hostif net="Net1"><ipv4 mask="255.255.255.128">10.2.0.2</ipv4></hostif>
            <physicalif name="eth1" ip="192.0.2.10" mask="255.255.255.0" gw="192.0.2.1"/>
            <physicalif name="eth1" type="ipv6" ip="2001:db8:100::10" mask="64"/>
            <route type="ipv4" gw="10.2.0.1">10.1.0.0/16</route>
            <forwarding type="ipv4"/>
            <exec seq="start" type="verbatim">echo started</exec>
          </host>
        </vnuml>
        """;

    [Fact]
    public void Read_Vnuml18File_OnlyWarnsAboutIgnoredSshVersion()
    {
        var result = VnumlTestInput.Read(Vnuml18);

        VnumlTestInput.Lines(result).ShouldBe(
            ["test.xml:7:6: warning NX1017: global/ssh_version: global: <ssh_version> in <global> is not used by Nines; ignored"]);
        result.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Read_Vnuml18File_ExactScenario()
    {
        var scenario = VnumlTestInput.Read(Vnuml18).Value!.Scenario;

        var expected = new Scenario(
            "ipv6-lab",
            Version: "1.8",
            AutoMac: new AutoMacSpec(4),
            ManagementNetwork: "private",
            Defaults: new VmDefaults(
                MemoryKiB: 32768,
                Kernel: new KernelSpec("/usr/local/share/vnuml/kernels/linux", Initrd: "/boot/initrd", Root: "/dev/ubd0"),
                Filesystem: new FilesystemSpec("/usr/local/share/vnuml/filesystems/root_fs_tutorial", FilesystemType.Cow),
                ExecMode: "mconsole",
                Shell: "/bin/sh",
                Basedir: "/root",
                Consoles: ValueList.Of(new ConsoleSpec(0, "xterm"))),
            Networks: ValueList.Of(
                new NetworkSpec("Net0", NetworkMode.UmlSwitch),
                new NetworkSpec("Net1", NetworkMode.UmlSwitch, Hub: true, Shared: true),
                new NetworkSpec("Link", NetworkMode.VirtualBridge, NetworkType.Ppp, Vlan: 12, Bandwidth: 10_000_000)),
            Vms: ValueList.Of(
                new VmSpec(
                    "r1",
                    Order: 1,
                    Interfaces: ValueList.Of(
                        new InterfaceSpec(
                            1,
                            "Net0",
                            "fe:fd:00:00:01:01",
                            ValueList.Of(new IpAddressSpec("10.1.0.1", 16)),
                            ValueList.Of(new IpAddressSpec("2001:db8::1", 64))),
                        new InterfaceSpec(2, "Link", Ipv6: ValueList.Of(new IpAddressSpec("2001:db8:ff::1", 126)))),
                    Routes: ValueList.Of(new RouteSpec(IpFamily.Ipv6, "default", "2001:db8:ff::2")),
                    Forwarding: Forwarding.Ipv6,
                    Users: ValueList.Of(new UserSpec("vnuml", "users", ValueList.Of("wheel"), ValueList.Of("/root/.ssh/id_rsa.pub"))),
                    FileTrees: ValueList.Of(new FileTreeSpec("start", "/etc/quagga", "conf/r1", "root")),
                    Execs: ValueList.Of(
                        new ExecSpec("start", ExecType.Verbatim, "/etc/init.d/zebra start", Gui: false),
                        new ExecSpec("stop", ExecType.File, "conf/stop.sh", "mconsole", "root"))),
                new VmSpec(
                    "r2",
                    MemoryKiB: 65536,
                    ExecMode: "net",
                    Interfaces: ValueList.Of(
                        new InterfaceSpec(1, "Link", Ipv6: ValueList.Of(new IpAddressSpec("2001:db8:ff::2", 126))),
                        new InterfaceSpec(2, "Net1", Ipv4: ValueList.Of(new IpAddressSpec("10.2.0.1", 25)))))),
            Host: new HostSection(
                Interfaces: ValueList.Of(new HostInterfaceSpec("Net1", ValueList.Of(new IpAddressSpec("10.2.0.2", 25)))),
                PhysicalInterfaces: ValueList.Of(
                    new PhysicalInterfaceSpec("eth1", IpFamily.Ipv4, "192.0.2.10", "255.255.255.0", "192.0.2.1"),
                    new PhysicalInterfaceSpec("eth1", IpFamily.Ipv6, "2001:db8:100::10", "64")),
                Routes: ValueList.Of(new RouteSpec(IpFamily.Ipv4, "10.1.0.0/16", "10.2.0.1")),
                Forwarding: Forwarding.Ipv4,
                Execs: ValueList.Of(new ExecSpec("start", ExecType.Verbatim, "echo started"))));
        scenario.ShouldBe(expected);
    }

    [Fact]
    public void Read_Vnuml18File_VmWithoutTypeInheritsDefaults()
    {
        var scenario = VnumlTestInput.Read(Vnuml18).Value!.Scenario;

        var r1 = scenario.Effective(scenario.FindVm("r1")!);
        r1.Type.ShouldBeNull();
        r1.MemoryKiB.ShouldBe(32768);
        r1.ExecMode.ShouldBe("mconsole");
        scenario.Effective(scenario.FindVm("r2")!).ExecMode.ShouldBe("net");
        scenario.Effective(scenario.FindVm("r2")!).MemoryKiB.ShouldBe(65536);
    }
}
