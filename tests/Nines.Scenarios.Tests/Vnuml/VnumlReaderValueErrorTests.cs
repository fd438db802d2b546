namespace Nines.Scenarios.Tests.Vnuml;

/// <summary>One mistake at a time, each body placed on line 3 of a valid document: the exact diagnostic.</summary>
public sealed class VnumlReaderValueErrorTests
{
    [Theory]
    [InlineData("""<net name="N" mode="virtual_bridge" vlan="5000"/>""",
        """test.xml:3:37: error NX1010: net[N]/@vlan: net "N": <net> vlan "5000" is not valid (expected a whole number from 1 to 4094)""")]
    [InlineData("""<net name="N" mode="virtual_bridge" type="ppp"><bw>fast</bw></net>""",
        """test.xml:3:49: error NX1010: net[N]/bw: net "N": <bw> "fast" is not valid (expected a bandwidth in bit/s, a whole number of at least 1)""")]
    [InlineData("""<net name="N"/>""",
        """test.xml:3:2: error NX1005: net[N]/@mode: net "N": <net> is missing the required attribute mode""")]
    [InlineData("""<net name="" mode="uml_switch"/>""",
        """test.xml:3:6: error NX1005: net/@name: net: <net> has an empty name attribute (empty means unset, and name is required)""")]
    [InlineData("""<net name="N" mode="virtual_bridge" type="p2p" hub="1" scope="global"/>""",
        """test.xml:3:37: error NX1009: net[N]/@type: net "N": <net> type "p2p" is not valid (expected lan or ppp)""",
        """test.xml:3:48: error NX1009: net[N]/@hub: net "N": <net> hub "1" is not valid (expected no or yes)""",
        """test.xml:3:56: error NX1009: net[N]/@scope: net "N": <net> scope "global" is not valid (expected no-shared or shared)""")]
    [InlineData("""<vm type="uml"><mem>64M</mem></vm>""",
        """test.xml:3:2: error NX1005: vm[0]/@name: vm #1: <vm> is missing the required attribute name""")]
    [InlineData("""<vm name="a" order="first" exec_mode="ssh"/>""",
        """test.xml:3:14: error NX1010: vm[a]/@order: vm "a": <vm> order "first" is not valid (expected a whole number of at least 0)""",
        """test.xml:3:28: error NX1009: vm[a]/@exec_mode: vm "a": <vm> exec_mode "ssh" is not valid (expected mconsole, net, pst or pts)""")]
    [InlineData("""<vm name="a"><if id="1"/></vm>""",
        """test.xml:3:15: error NX1005: vm[a]/if[1]/@net: vm "a", if 1: <if> is missing the required attribute net""")]
    [InlineData("""<net name="N" mode="virtual_bridge"/><vm name="a"><if id="1" net="N"><ipv4>10.0.0.1/33</ipv4></if></vm>""",
        """test.xml:3:71: error NX1013: vm[a]/if[1]/ipv4: vm "a", if 1: ipv4 "10.0.0.1/33" has an invalid prefix length (expected 0 to 32 after the /)""")]
    [InlineData("""<net name="N" mode="virtual_bridge"/><vm name="a"><if id="1" net="N"><ipv6 mask="129">2001:db8::1</ipv6></if></vm>""",
        """test.xml:3:76: error NX1013: vm[a]/if[1]/ipv6/@mask: vm "a", if 1: ipv6 mask "129" is not valid (expected a prefix length 0 to 128, e.g. 64)""")]
    [InlineData("""<net name="N" mode="virtual_bridge"/><vm name="a"><if id="1" net="N"><ipv4>10</ipv4></if></vm>""",
        """test.xml:3:71: error NX1012: vm[a]/if[1]/ipv4: vm "a", if 1: ipv4 "10" is not an IPv4 address (expected e.g. 10.0.0.1 or 10.0.0.1/24)""")]
    [InlineData("""<vm name="a"><route type="ipv4" gw="">default</route></vm>""",
        """test.xml:3:33: error NX1005: vm[a]/route/@gw: vm "a": <route> has an empty gw attribute (empty means unset, and gw is required)""")]
    [InlineData("""<vm name="a"><route type="ipv4" gw="10.0.0.1">somewhere</route></vm>""",
        """test.xml:3:15: error NX1014: vm[a]/route: vm "a": route destination "somewhere" is neither default nor an IPv4 prefix (expected default or e.g. 10.0.2.0/24)""")]
    [InlineData("""<vm name="a"><route type="ipv4" gw="10.0.0.1">10.0.0.0</route></vm>""",
        """test.xml:3:15: error NX1014: vm[a]/route: vm "a": route destination "10.0.0.0" is neither default nor an IPv4 prefix (expected default or e.g. 10.0.2.0/24)""")]
    [InlineData("""<vm name="a"><route type="ipv4" gw="2001:db8::1">default</route></vm>""",
        """test.xml:3:33: error NX1012: vm[a]/route/@gw: vm "a": route gw "2001:db8::1" is not an IPv4 address (the route's type is ipv4)""")]
    [InlineData("""<vm name="a"><route gw="10.0.0.1">default</route></vm>""",
        """test.xml:3:15: error NX1005: vm[a]/route/@type: vm "a": <route> is missing the required attribute type""")]
    [InlineData("""<vm name="a"><route type="ipv6" gw="2001:db8::1">10.0.0.0/8</route></vm>""",
        """test.xml:3:15: error NX1014: vm[a]/route: vm "a": route destination "10.0.0.0/8" is neither default nor an IPv6 prefix (expected default or e.g. 2001:db8:1::/64)""")]
    [InlineData("""<vm name="a"><mem></mem></vm>""",
        """test.xml:3:15: error NX1004: vm[a]/mem: vm "a": <mem> is empty (expected a size such as 64M, 1G, 512K or a number of KiB)""")]
    [InlineData("""<vm name="a"><mem>-5</mem></vm>""",
        """test.xml:3:15: error NX1011: vm[a]/mem: vm "a": <mem> "-5" is not a size (expected e.g. 64M, 1G, 512K or a number of KiB)""")]
    [InlineData("""<vm name="a"><mem>99999999999999999G</mem></vm>""",
        """test.xml:3:15: error NX1011: vm[a]/mem: vm "a": <mem> "99999999999999999G" is not a size (expected e.g. 64M, 1G, 512K or a number of KiB)""")]
    [InlineData("""<vm name="a"><filesystem type="zfs">/fs</filesystem></vm>""",
        """test.xml:3:26: error NX1009: vm[a]/filesystem/@type: vm "a": <filesystem> type "zfs" is not valid (expected cow, direct or hostfs)""")]
    [InlineData("""<vm name="a"><exec seq="s" type="verbatim" mode="ssh" gui="maybe">ls</exec></vm>""",
        """test.xml:3:44: error NX1009: vm[a]/exec/@mode: vm "a": <exec> mode "ssh" is not valid (expected mconsole, net, processn, processy, pts or system)""",
        """test.xml:3:55: error NX1009: vm[a]/exec/@gui: vm "a": <exec> gui "maybe" is not valid (expected no or yes)""")]
    [InlineData("""<vm name="a"><exec seq="s" type="verbatim">  </exec></vm>""",
        """test.xml:3:15: error NX1004: vm[a]/exec: vm "a": <exec> is empty (expected a command)""")]
    [InlineData("""<vm name="a"><console>xterm</console><user group="g"/><filetree seq="s">conf</filetree></vm>""",
        """test.xml:3:15: error NX1005: vm[a]/console/@id: vm "a": <console> is missing the required attribute id""",
        """test.xml:3:39: error NX1005: vm[a]/user/@username: vm "a": <user> is missing the required attribute username""",
        """test.xml:3:56: error NX1005: vm[a]/filetree/@root: vm "a": <filetree> is missing the required attribute root""")]
    [InlineData("""<host><physicalif name="eth1" ip="300.1.1.1" gw="fe80::1" mask="255.255.0.255"/></host>""",
        """test.xml:3:31: error NX1012: host/physicalif[eth1]/@ip: host, physicalif "eth1": physicalif ip "300.1.1.1" is not an IPv4 address""",
        """test.xml:3:46: error NX1012: host/physicalif[eth1]/@gw: host, physicalif "eth1": physicalif gw "fe80::1" is not an IPv4 address""",
        """test.xml:3:59: error NX1013: host/physicalif[eth1]/@mask: host, physicalif "eth1": physicalif mask "255.255.0.255" is not valid (expected a netmask such as 255.255.255.0 or a prefix length 0 to 32)""")]
    public void Read_BadValue_ExactDiagnostics(string body, params string[] expected)
    {
        VnumlTestInput.Lines(VnumlTestInput.Read(VnumlTestInput.Wrap(body))).ShouldBe(expected);
    }

    [Theory]
    [InlineData("""<vm name="a"><mem>64M</mem><mem>128M</mem></vm>""",
        """test.xml:3:29: error NX1008: vm[a]/mem: vm "a": <mem> appears more than once in <vm> (at most one is allowed)""")]
    [InlineData("""<vm name="a"><vm name="b"/></vm>""",
        """test.xml:3:15: error NX1007: vm[a]/vm: vm "a": <vm> is not allowed in <vm>""")]
    [InlineData("""<x:vm xmlns:x="urn:y"/><if id="1" net="N"/>""",
        """test.xml:3:2: warning NX1006: {urn:y}vm: unknown element <{urn:y}vm> in <vnuml> (not part of VNUML 1.8/1.91); ignored""",
        """test.xml:3:25: error NX1007: if: <if> is not allowed in <vnuml>""")]
    [InlineData("""<host><forwarding/><forwarding/></host><host/>""",
        """test.xml:3:21: error NX1008: host/forwarding: host: <forwarding> appears more than once in <host> (at most one is allowed)""",
        """test.xml:3:41: error NX1008: host: <host> appears more than once in <vnuml> (at most one is allowed)""")]
    [InlineData("""<vm name="a"><user username="u"><group/><shell>x</shell></user></vm>""",
        """test.xml:3:34: error NX1004: vm[a]/user[u]/group: vm "a", user "u": <group> is empty (expected a group name)""",
        """test.xml:3:42: error NX1007: vm[a]/user[u]/shell: vm "a", user "u": <shell> is not allowed in <user>""")]
    [InlineData("""<vm name="a"><xterm>gnome-terminal</xterm></vm>""",
        """test.xml:3:15: warning NX1017: vm[a]/xterm: vm "a": <xterm> in <vm> is not used by Nines; ignored""")]
    [InlineData("""<net name="N" mode="virtual_bridge" colour="red" capture_file="/tmp/x.pcap"/>""",
        """test.xml:3:37: warning NX1016: net/@colour: <net> has no attribute colour in VNUML 1.8/1.91; ignored""",
        """test.xml:3:50: warning NX1017: net/@capture_file: <net> attribute capture_file is not used by Nines; ignored""")]
    [InlineData("""<net name="N" mode="virtual_bridge"><bw>100</bw></net>""",
        """test.xml:3:38: warning NX1017: net[N]/bw: net "N": <bw> applies to ppp networks only (VNUML ignores it on a lan); ignored""")]
    public void Read_StructureMistake_ExactDiagnostics(string body, params string[] expected)
    {
        VnumlTestInput.Lines(VnumlTestInput.Read(VnumlTestInput.Wrap(body))).ShouldBe(expected);
    }

    [Theory]
    [InlineData("<vnuml><global><version>1.91</version></global></vnuml>",
        "test.xml:1:9: error NX1004: global/scenario_name: global: no scenario name (expected <scenario_name> (VNUML 1.91) or <simulation_name> (VNUML 1.8))")]
    [InlineData("<vnuml><net name=\"N\" mode=\"virtual_bridge\"/></vnuml>",
        "test.xml:1:2: error NX1004: global: <vnuml> has no <global> (expected <global> with <version> and <scenario_name> or <simulation_name>)")]
    [InlineData("<vnuml><global><version>1.91</version><simulation_name>a</simulation_name><scenario_name>b</scenario_name></global></vnuml>",
        "test.xml:1:76: error NX1015: global/scenario_name: global: both <simulation_name> and <scenario_name> are given (write <scenario_name> for VNUML 1.91 or <simulation_name> for 1.8, not both)")]
    [InlineData("<vnuml><global><simulation_name>a</simulation_name><simulation_name>b</simulation_name><version>2.0</version><automac offset=\"x\"/></global></vnuml>",
        "test.xml:1:53: error NX1008: global/simulation_name: global: <simulation_name> appears more than once in <global> (at most one is allowed)",
        "test.xml:1:89: warning NX1018: global/version: global: version \"2.0\" is not a VNUML version Nines knows (1.8, 1.91, 1.92); read as 1.91",
        "test.xml:1:119: error NX1010: global/automac/@offset: global: <automac> offset \"x\" is not valid (expected a whole number of at least 0)")]
    [InlineData("<vnuml><global><version>1.91</version><scenario_name>s</scenario_name><vm_defaults exec_mode=\"x\"><if id=\"1\" net=\"N\"/>"
        + "<exec seq=\"s\" type=\"verbatim\">ls</exec><mng_if>no</mng_if></vm_defaults><vm_mgmt type=\"private\"><mgmt_net sock=\"/x\" hostip=\"1.2.3.4\"/></vm_mgmt></global></vnuml>",
        "test.xml:1:84: error NX1009: vm_defaults/@exec_mode: vm_defaults: <vm_defaults> exec_mode \"x\" is not valid (expected mconsole, net, pst or pts)",
        "test.xml:1:99: error NX1007: vm_defaults/if: vm_defaults: <if> is not allowed in <vm_defaults>",
        "test.xml:1:119: error NX1007: vm_defaults/exec: vm_defaults: <exec> is not allowed in <vm_defaults>",
        "test.xml:1:158: warning NX1017: vm_defaults/mng_if: vm_defaults: <mng_if> in <vm_defaults> is not used by Nines; ignored",
        "test.xml:1:215: warning NX1017: global/vm_mgmt/mgmt_net: global: <mgmt_net> in <vm_mgmt> is not used by Nines; ignored")]
    public void Read_GlobalMistake_ExactDiagnostics(string xml, params string[] expected)
    {
        VnumlTestInput.Lines(VnumlTestInput.Read(xml)).ShouldBe(expected);
    }
}
