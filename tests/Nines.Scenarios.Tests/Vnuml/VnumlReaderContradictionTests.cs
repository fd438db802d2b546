using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Vnuml;

/// <summary>Inputs that are well formed but say two incompatible things, and the lenient cases that are fine.</summary>
public sealed class VnumlReaderContradictionTests
{
    [Theory]
    [InlineData("""<net name="N" mode="virtual_bridge"/><vm name="a"><if id="1" net="N"><ipv4 mask="255.255.255.0">10.0.0.1/16</ipv4></if></vm>""",
        """test.xml:3:76: error NX1013: vm[a]/if[1]/ipv4/@mask: vm "a", if 1: ipv4 "10.0.0.1/16" contradicts its mask "255.255.255.0" (/24); give the prefix in one place""")]
    [InlineData("""<vm name="a"><route type="ipv4" gw="10.0.0.1">10.0.2.1/24</route></vm>""",
        """test.xml:3:15: error NX1014: vm[a]/route: vm "a": route destination "10.0.2.1/24" has host bits set (expected the network prefix 10.0.2.0/24)""")]
    [InlineData("""<vm name="a"/><vm name="a"/>""",
        """test.xml:3:16: error NX1501: vm[a]: vm name "a" is used more than once (first at test.xml:3:2)""")]
    [InlineData("""<net name="P" mode="virtual_bridge" type="ppp"/><vm name="a"><if id="1" net="P"/></vm><vm name="b"><if id="1" net="P"/></vm><host><hostif net="P"/></host>""",
        """test.xml:3:2: error NX1520: net[P]: network "P" is ppp (point-to-point) but 3 interfaces are on it (at most 2; use type lan for a shared segment)""")]
    [InlineData("""<net name="N" mode="virtual_bridge"/><vm name="a"><if id="1" net="N"><mac>fe:fd:00:00:00</mac></if><if id="1" net="N"><mac>01:00:5e:00:00:01</mac></if></vm>""",
        """test.xml:3:52: error NX1507: vm[a]/if[1]/mac: vm "a" interface 1: MAC "fe:fd:00:00:00" is not a MAC address (expected six hex pairs such as 02:fd:00:00:01:01)""",
        """test.xml:3:101: error NX1504: vm[a]/if[1]: vm "a": interface id 1 is used more than once (each interface of a VM needs its own id)""",
        """test.xml:3:101: error NX1507: vm[a]/if[1]/mac: vm "a" interface 1: MAC "01:00:5e:00:00:01" is a multicast address (the first octet is odd); an interface needs a unicast MAC""")]
    [InlineData("""<net name="N" mode="virtual_bridge"/><vm name="a"><if id="1" net="N"><mac>02:00:00:00:00:01</mac></if></vm><vm name="b"><if id="1" net="N"><mac>02-00-00-00-00-01</mac></if></vm>""",
        """test.xml:3:122: error NX1506: vm[b]/if[1]/mac: vm "b" interface 1: MAC 02:00:00:00:00:01 is already used by vm "a" interface 1""")]
    public void Read_ContradictoryInput_ExactDiagnostics(string body, params string[] expected)
    {
        VnumlTestInput.Lines(VnumlTestInput.Read(VnumlTestInput.Wrap(body))).ShouldBe(expected);
    }

    [Fact]
    public void Read_EmptyOptionalAttributes_MeanUnset()
    {
        var result = VnumlTestInput.Read(VnumlTestInput.Wrap(
            """<net name="N" mode="uml_switch" sock="" external=" " vlan="" type=""/><vm name="a" type="" order=""><kernel initrd="">/k</kernel></vm>"""));

        VnumlTestInput.Lines(result).ShouldBeEmpty();
        result.Value!.Scenario.Networks.ShouldBe(ValueList.Of(new NetworkSpec("N", NetworkMode.UmlSwitch)));
        result.Value.Scenario.Vms.ShouldBe(ValueList.Of(new VmSpec("a", Kernel: new KernelSpec("/k"))));
    }

    [Fact]
    public void Read_CommentsAndCdataAnywhere_Ignored()
    {
        const string Body = """
            <!-- networks --><net name="N" mode="virtual_bridge"><!-- no bw --></net>
            <vm name="a"><!-- c --><mem><!-- size -->128M<!-- more --></mem>
              <if id="1" net="N"><!-- address --><ipv4><![CDATA[10.0.0.1/24]]></ipv4></if>
              <exec seq="s" type="verbatim"><![CDATA[echo "a < b" && true]]></exec>
            </vm><!-- end -->
            """;

        var result = VnumlTestInput.Read(VnumlTestInput.Wrap(Body));

        VnumlTestInput.Lines(result).ShouldBeEmpty();
        var vm = result.Value!.Scenario.Vms[0];
        vm.MemoryKiB.ShouldBe(131072);
        vm.Interfaces[0].Ipv4.ShouldBe(ValueList.Of(new IpAddressSpec("10.0.0.1", 24)));
        vm.Execs[0].Command.ShouldBe("echo \"a < b\" && true");
    }

    [Fact]
    public void Read_SameMaskInTextAndAttribute_NotAContradiction()
    {
        var result = VnumlTestInput.Read(VnumlTestInput.Wrap(
            """<net name="N" mode="virtual_bridge"/><vm name="a"><if id="1" net="N"><ipv4 mask="255.255.0.0">10.0.0.1/16</ipv4><ipv4 mask="/8">11.0.0.1</ipv4></if></vm>"""));

        VnumlTestInput.Lines(result).ShouldBeEmpty();
        result.Value!.Scenario.Vms[0].Interfaces[0].Ipv4.ShouldBe(ValueList.Of(new IpAddressSpec("10.0.0.1", 16), new IpAddressSpec("11.0.0.1", 8)));
    }

    [Fact]
    public void Read_VmWithNetworkErrors_StillResolvesReferences()
    {
        // A net with a bad mode is still built, so the interfaces on it do not also report "unknown network".
        var result = VnumlTestInput.Read(VnumlTestInput.Wrap(
            """<net name="N" mode="bridge"/><vm name="a"><if id="1" net="N"/></vm>"""));

        VnumlTestInput.Lines(result).ShouldBe(
            ["""test.xml:3:15: error NX1009: net[N]/@mode: net "N": <net> mode "bridge" is not valid (expected uml_switch or virtual_bridge)"""]);
    }
}
