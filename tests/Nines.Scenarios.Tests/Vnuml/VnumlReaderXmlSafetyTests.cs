using System.Diagnostics;
using System.Text;

namespace Nines.Scenarios.Tests.Vnuml;

/// <summary>Hostile and broken XML: nothing external is read, expansion is capped, errors are clear and placed.</summary>
public sealed class VnumlReaderXmlSafetyTests
{
    private const string Global = "<global><version>1.91</version><scenario_name>s</scenario_name></global>";

    [Fact]
    public void Read_ExternalEntityInContent_NeverReadsTheFileAndSaysSo()
    {
        var secretFile = Path.Combine(Path.GetTempPath(), $"nines-xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secretFile, "NINES-SECRET-MARKER");
        try
        {
            var uri = new Uri(secretFile).AbsoluteUri;
            var xml = $"""
                <?xml version="1.0"?>
                <!DOCTYPE vnuml [
                  <!ENTITY secret SYSTEM "{uri}">
                ]>
                <vnuml>
                {Global}
                <vm name="a"><filesystem type="cow">/fs/&secret;</filesystem></vm>
                </vnuml>
                """;

            var result = VnumlTestInput.Read(xml);

            VnumlTestInput.Lines(result).ShouldBe(
            [
                $"test.xml:2:11: error NX1019: DOCTYPE: the DOCTYPE declares the external entity \"secret\" (SYSTEM \"{uri}\"): "
                + "Nines never reads external entities, so its references stay empty; write the text in the file or use an internal entity",
            ]);
            result.Value.ShouldBeNull();
            result.Diagnostics.ShouldAllBe(d => !d.Message.Contains("NINES-SECRET-MARKER"));
        }
        finally
        {
            File.Delete(secretFile);
        }
    }

    [Fact]
    public void Read_ExternalEntityEtcPasswdAsName_ReferenceStaysUnresolved()
    {
        const string Xml = """
            <?xml version="1.0"?>
            <!DOCTYPE vnuml [
              <!ENTITY x SYSTEM "file:///etc/passwd">
            ]>
            <vnuml>
            <global><version>1.91</version><scenario_name>&x;</scenario_name></global>
            </vnuml>
            """;

        var result = VnumlTestInput.Read(Xml);

        VnumlTestInput.Lines(result).ShouldBe(
        [
            "test.xml:2:11: error NX1019: DOCTYPE: the DOCTYPE declares the external entity \"x\" (SYSTEM \"file:///etc/passwd\"): "
            + "Nines never reads external entities, so its references stay empty; write the text in the file or use an internal entity",
            "test.xml:6:33: error NX1004: global/scenario_name: global: <scenario_name> is empty (expected the scenario's name)",
        ]);
        result.Diagnostics.ShouldAllBe(d => !d.Message.Contains("root:"));
    }

    [Fact]
    public void Read_ExternalEntityInAttribute_MalformedXmlAtReference()
    {
        const string Xml = """
            <?xml version="1.0"?>
            <!DOCTYPE vnuml [
              <!ENTITY x PUBLIC "-//X//EN" "http://127.0.0.1:9/x.txt">
            ]>
            <vnuml><net name="&x;" mode="virtual_bridge"/></vnuml>
            """;

        VnumlTestInput.Lines(VnumlTestInput.Read(Xml)).ShouldBe(
            ["test.xml:5:20: error NX1002: malformed XML: external entity 'x' reference cannot appear in the attribute value"]);
    }

    [Fact]
    public void Read_BillionLaughs_FailsQuicklyWithExpansionLimit()
    {
        var xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE vnuml [\n <!ENTITY lol0 \"lol\">\n");
        for (var level = 1; level <= 9; level++)
        {
            xml.Append($" <!ENTITY lol{level} \"")
                .Append(string.Concat(Enumerable.Repeat($"&lol{level - 1};", 10)))
                .Append("\">\n");
        }

        xml.Append("]>\n<vnuml><global><scenario_name>&lol9;</scenario_name></global></vnuml>");
        var clock = Stopwatch.StartNew();

        var result = VnumlTestInput.Read(xml.ToString());

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        VnumlTestInput.Lines(result).ShouldBe(
        [
            "test.xml:1:1: error NX1002: entity expansion exceeds the limit of 1,000,000 characters "
            + "(a recursive or \"billion laughs\" entity definition?)",
        ]);
    }

    [Fact]
    public void Read_DoctypeWithUnreachableSystemDtdAndInternalEntity_IgnoresDtdAndExpandsEntity()
    {
        const string Xml = """
            <?xml version="1.0"?>
            <!DOCTYPE vnuml SYSTEM "/nonexistent/vnuml-1.91.dtd" [
              <!ENTITY fs "/usr/share/vnuml/filesystems">
            ]>
            <vnuml>
            <global><version>1.91</version><scenario_name>s</scenario_name></global>
            <vm name="a"><filesystem type="cow">&fs;/root_fs</filesystem></vm>
            </vnuml>
            """;

        var result = VnumlTestInput.Read(Xml);

        VnumlTestInput.Lines(result).ShouldBeEmpty();
        result.Value!.Scenario.Vms[0].Filesystem!.Path.ShouldBe("/usr/share/vnuml/filesystems/root_fs");
    }

    [Fact]
    public void Read_DtdAttributeDefaults_TreatedAsNotWritten()
    {
        // An inlined DTD makes the parser add exec_mode="net" and mask="255.255.255.0" to every element;
        // those must neither override vm_defaults nor contradict a /16 written in the address.
        const string Xml = """
            <?xml version="1.0"?>
            <!DOCTYPE vnuml [
              <!ATTLIST ipv4 mask CDATA "255.255.255.0">
              <!ATTLIST vm exec_mode (net|mconsole|pst) "net">
            ]>
            <vnuml>
            <global><version>1.91</version><scenario_name>s</scenario_name><vm_defaults exec_mode="mconsole"/></global>
            <net name="N" mode="virtual_bridge"/>
            <vm name="a"><if id="1" net="N"><ipv4>10.0.0.1/16</ipv4></if></vm>
            </vnuml>
            """;

        var result = VnumlTestInput.Read(Xml);

        VnumlTestInput.Lines(result).ShouldBeEmpty();
        var scenario = result.Value!.Scenario;
        scenario.Effective(scenario.Vms[0]).ExecMode.ShouldBe("mconsole");
        scenario.Vms[0].Interfaces[0].Ipv4[0].PrefixLength.ShouldBe(16);
    }

    [Fact]
    public void Read_TextStartingWithByteOrderMark_Reads()
    {
        var result = VnumlTestInput.Read("\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<vnuml>" + Global + "</vnuml>");

        VnumlTestInput.Lines(result).ShouldBeEmpty();
        result.Value!.Scenario.Name.ShouldBe("s");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t ")]
    [InlineData("\uFEFF")]
    [InlineData("\uFEFF\n")]
    public void Read_EmptyText_EmptyDocumentAtStart(string text)
    {
        VnumlTestInput.Lines(VnumlTestInput.Read(text)).ShouldBe(
            ["test.xml:1:1: error NX1001: the file is empty (expected a VNUML document with a <vnuml> root element)"]);
    }

    [Theory]
    [InlineData("<vnuml>\n  <global>\n    <scenario_name>x</scenario_name>\n  </globl>\n</vnuml>",
        "test.xml:4:5: error NX1002: malformed XML: the 'global' start tag on line 2 position 4 does not match the end tag of 'globl'")]
    [InlineData("<!-- only a comment -->", "test.xml:1:1: error NX1002: malformed XML: root element is missing")]
    [InlineData("<vnuml>\n<global>\n", "test.xml:3:1: error NX1002: malformed XML: unexpected end of file has occurred. The following elements are not closed: global, vnuml")]
    [InlineData("<vnuml>\n  <net name=\"a\" name=\"b\"/>\n</vnuml>", "test.xml:2:17: error NX1002: malformed XML: 'name' is a duplicate attribute name")]
    public void Read_MalformedXml_OneErrorAtParserPosition(string xml, string expected)
    {
        VnumlTestInput.Lines(VnumlTestInput.Read(xml)).ShouldBe([expected]);
    }

    [Theory]
    [InlineData("<vnx xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n</vnx>",
        "test.xml:1:2: error NX1003: root element is <vnx>: this is a VNX file, not VNUML; Nines reads VNUML 1.8/1.91 (<vnuml>), native YAML and OVF")]
    [InlineData("<?xml version=\"1.0\"?>\n<deployment_restrictions/>",
        "test.xml:2:2: error NX1003: root element is <deployment_restrictions>: this is an EDIV restrictions file, not a scenario (read it as restrictions); "
        + "Nines reads VNUML 1.8/1.91 (<vnuml>), native YAML and OVF")]
    [InlineData("<Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\"/>",
        "test.xml:1:2: error NX1003: root element is <Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\">: this looks like an OVF descriptor (read it as OVF); "
        + "Nines reads VNUML 1.8/1.91 (<vnuml>), native YAML and OVF")]
    [InlineData("<vnuml xmlns=\"urn:x\"/>",
        "test.xml:1:2: error NX1003: root element is <vnuml xmlns=\"urn:x\">: expected <vnuml>; Nines reads VNUML 1.8/1.91 (<vnuml>), native YAML and OVF")]
    [InlineData("<scenario/>",
        "test.xml:1:2: error NX1003: root element is <scenario>: expected <vnuml>; Nines reads VNUML 1.8/1.91 (<vnuml>), native YAML and OVF")]
    public void Read_OtherRootElement_SaysWhatTheFileIs(string xml, string expected)
    {
        VnumlTestInput.Lines(VnumlTestInput.Read(xml)).ShouldBe([expected]);
    }
}
