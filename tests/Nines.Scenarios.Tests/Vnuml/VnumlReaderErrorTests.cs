namespace Nines.Scenarios.Tests.Vnuml;

/// <summary>Bad values and structure: every mistake reported, all in one pass, each at its own position.</summary>
public sealed class VnumlReaderErrorTests
{
    [Fact]
    public void Read_FileWithManyMistakes_ReportsEveryOneWithItsPosition()
    {
        const string Xml = """
            <vnuml>
              <global>
                <version>1.91</version>
                <scenario_name>broken</scenario_name>
                <vm_mgmt type="public"/>
              </global>
              <net name="Net0" mode="bridge"/>
              <net name="Net0" mode="virtual_bridge"/>
              <vm name="r1" type="uml">
                <mem>64X</mem>
                <if id="eth1" net="Net0"><ipv4>10.0.0.256</ipv4></if>
                <if id="2" net="Net9"><ipv4 mask="255.0.255.0">10.0.1.1</ipv4></if>
                <route type="ipv4" gw="10.0.0.3">10.0.2.1/24</route>
                <forwarding type="ipx"/>
                <exec seq="start" type="script">echo</exec>
                <colour>blue</colour>
              </vm>
              <host>
                <hostif net="Nowhere"><ipv6>2001:db8::zz</ipv6></hostif>
              </host>
            </vnuml>
            """;

        var result = VnumlTestInput.Read(Xml);

        VnumlTestInput.Lines(result).ShouldBe(
        [
            "test.xml:5:14: error NX1009: global/vm_mgmt/@type: global: <vm_mgmt> type \"public\" is not valid (expected net, none or private)",
            "test.xml:7:20: error NX1009: net[Net0]/@mode: net \"Net0\": <net> mode \"bridge\" is not valid (expected uml_switch or virtual_bridge)",
            "test.xml:8:4: error NX1502: net[Net0]: network name \"Net0\" is used more than once (first at test.xml:7:4)",
            "test.xml:10:6: error NX1011: vm[r1]/mem: vm \"r1\": <mem> \"64X\" is not a size (expected e.g. 64M, 1G, 512K or a number of KiB)",
            "test.xml:11:9: error NX1010: vm[r1]/if/@id: vm \"r1\": <if> id \"eth1\" is not valid (expected a whole number of at least 0)",
            "test.xml:11:31: error NX1012: vm[r1]/if[eth1]/ipv4: vm \"r1\", if eth1: ipv4 \"10.0.0.256\" is not an IPv4 address (expected e.g. 10.0.0.1 or 10.0.0.1/24)",
            "test.xml:12:6: error NX1503: vm[r1]/if[2]: vm \"r1\": interface 2 is on network \"Net9\", which the scenario does not define (networks: Net0)",
            "test.xml:12:33: error NX1013: vm[r1]/if[2]/ipv4/@mask: vm \"r1\", if 2: ipv4 mask \"255.0.255.0\" is not valid (expected a netmask such as 255.255.255.0 or a prefix length 0 to 32)",
            "test.xml:13:6: error NX1014: vm[r1]/route: vm \"r1\": route destination \"10.0.2.1/24\" has host bits set (expected the network prefix 10.0.2.0/24)",
            "test.xml:14:17: error NX1009: vm[r1]/forwarding/@type: vm \"r1\": <forwarding> type \"ipx\" is not valid (expected ip, ipv4 or ipv6)",
            "test.xml:15:23: error NX1009: vm[r1]/exec/@type: vm \"r1\": <exec> type \"script\" is not valid (expected file or verbatim)",
            "test.xml:16:6: warning NX1006: vm[r1]/colour: vm \"r1\": unknown element <colour> in <vm> (not part of VNUML 1.8/1.91); ignored",
            "test.xml:19:6: error NX1505: host/hostif[Nowhere]: host: interface on network \"Nowhere\", which the scenario does not define (networks: Net0)",
            "test.xml:19:28: error NX1012: host/hostif[Nowhere]/ipv6: host, hostif \"Nowhere\": ipv6 \"2001:db8::zz\" is not an IPv6 address (expected e.g. 2001:db8::1 or 2001:db8::1/64)",
        ]);
        result.Value.ShouldBeNull();
    }
}
