using Nines.Scenarios.Ovf;

namespace Nines.Scenarios.Tests.Ovf;

public sealed class OvfReaderErrorTests
{
    private const string Namespaces =
        "xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\" xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\" " +
        "xmlns:rasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData\"";

    private static string[] Errors(string text, string? configuration = null)
    {
        var result = OvfReader.Read(text, "x.ovf", configuration);
        result.Value.ShouldBeNull();
        return [.. result.Diagnostics.Select(d => d.ToString())];
    }

    [Fact]
    public void Read_EveryKindOfBrokenReference_ReportsAllTogetherInFileOrder()
    {
        var text = $"""
            <Envelope {Namespaces}>
              <References>
                <File ovf:id="f1" ovf:href="a.vmdk" ovf:size="12x"/>
              </References>
              <DiskSection>
                <Disk ovf:diskId="d1" ovf:fileRef="nofile" ovf:capacity="4" ovf:capacityAllocationUnits="byte * 3^x"/>
              </DiskSection>
              <NetworkSection>
                <Network ovf:name="lan"/>
              </NetworkSection>
              <VirtualSystem ovf:id="vm1">
                <VirtualHardwareSection>
                  <Item>
                    <rasd:InstanceID>1</rasd:InstanceID>
                    <rasd:ResourceType>3</rasd:ResourceType>
                    <rasd:VirtualQuantity>two</rasd:VirtualQuantity>
                  </Item>
                  <Item>
                    <rasd:AllocationUnits>furlongs</rasd:AllocationUnits>
                    <rasd:InstanceID>2</rasd:InstanceID>
                    <rasd:ResourceType>4</rasd:ResourceType>
                    <rasd:VirtualQuantity>512</rasd:VirtualQuantity>
                  </Item>
                  <Item>
                    <rasd:Address>52:54:00:zz:00:01</rasd:Address>
                    <rasd:Connection>wan</rasd:Connection>
                    <rasd:InstanceID>3</rasd:InstanceID>
                    <rasd:ResourceType>10</rasd:ResourceType>
                  </Item>
                  <Item>
                    <rasd:HostResource>ovf:/disk/d9</rasd:HostResource>
                    <rasd:InstanceID>4</rasd:InstanceID>
                    <rasd:ResourceType>17</rasd:ResourceType>
                  </Item>
                  <Item ovf:configuration="huge">
                    <rasd:InstanceID>5</rasd:InstanceID>
                  </Item>
                  <Item>
                    <rasd:InstanceID>6</rasd:InstanceID>
                  </Item>
                  <Item>
                    <rasd:HostResource>ovf:/file/nothere</rasd:HostResource>
                    <rasd:InstanceID>7</rasd:InstanceID>
                    <rasd:ResourceType>15</rasd:ResourceType>
                  </Item>
                </VirtualHardwareSection>
              </VirtualSystem>
            </Envelope>
            """;

        Errors(text).ShouldBe(
        [
            "x.ovf:3:41: error NX3004: References/File[f1]/size: size \"12x\" is not a number (expected a non-negative integer)",
            "x.ovf:6:27: error NX3008: DiskSection/Disk[d1]/fileRef: disk \"d1\" refers to file \"nofile\", which References does not declare (declared: f1)",
            "x.ovf:6:65: error NX3005: DiskSection/Disk[d1]/capacityAllocationUnits: allocation units \"byte * 3^x\" are not understood (expected e.g. \"byte * 2^20\", \"byte * 2^30\", \"MegaBytes\" or \"GigaBytes\")",
            "x.ovf:16:10: error NX3004: vm[vm1]/Item[1]/VirtualQuantity: number of vCPUs \"two\" is not a number (expected a non-negative integer)",
            "x.ovf:19:10: error NX3005: vm[vm1]/Item[2]/AllocationUnits: allocation units \"furlongs\" are not understood (expected e.g. \"byte * 2^20\", \"byte * 2^30\", \"MegaBytes\" or \"GigaBytes\")",
            "x.ovf:25:10: error NX3013: vm[vm1]/Item[3]/Address: MAC address \"52:54:00:zz:00:01\" is malformed (expected six hex pairs such as 52:54:00:12:34:56)",
            "x.ovf:26:10: error NX3006: vm[vm1]/Item[3]/Connection: NIC is connected to network \"wan\", which the NetworkSection does not declare (declared: lan)",
            "x.ovf:31:10: error NX3007: vm[vm1]/Item[4]/HostResource: host resource \"ovf:/disk/d9\" refers to disk \"d9\", which the DiskSection does not declare (declared: d1)",
            "x.ovf:35:13: error NX3012: vm[vm1]/Item/configuration: item applies to configuration \"huge\", which the DeploymentOptionSection does not declare (none are declared)",
            "x.ovf:38:8: error NX3009: vm[vm1]/Item[6]/ResourceType: item has no ResourceType (expected e.g. 3 for CPUs, 4 for memory, 10 for a NIC, 17 for a disk)",
            "x.ovf:42:10: error NX3008: vm[vm1]/Item[7]/HostResource: host resource \"ovf:/file/nothere\" refers to file \"nothere\", which References does not declare (declared: f1)",
        ]);
    }

    [Fact]
    public void Read_MalformedXml_ReportsTheParserPosition()
    {
        Errors("<Envelope>\n  <VirtualSystem>\n</Envelope>").ShouldBe(
            ["x.ovf:3:3: error NX3001: The 'VirtualSystem' start tag on line 2 position 4 does not match the end tag of 'Envelope'."]);
    }

    [Fact]
    public void Read_RootNotAnEnvelope_SaysWhatWasExpected()
    {
        Errors("<Project/>").ShouldBe(
            ["x.ovf:1:2: error NX3002: root element <Project> in no namespace is not an OVF envelope (expected <Envelope> in namespace \"http://schemas.dmtf.org/ovf/envelope/1\" for OVF 1.x or \"http://schemas.dmtf.org/ovf/envelope/2\" for OVF 2.0)"]);
    }

    [Fact]
    public void Read_EnvelopeInForeignNamespace_IsRejected()
    {
        Errors("<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"/>").ShouldBe(
            ["x.ovf:1:2: error NX3002: root element <Envelope> in namespace \"http://schemas.xmlsoap.org/soap/envelope/\" is not an OVF envelope (expected <Envelope> in namespace \"http://schemas.dmtf.org/ovf/envelope/1\" for OVF 1.x or \"http://schemas.dmtf.org/ovf/envelope/2\" for OVF 2.0)"]);
    }

    [Fact]
    public void Read_UnknownConfiguration_ListsTheValidIds()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "ovf", "csr1000v.ovf"));

        Errors(text, "8CPU-16GB").ShouldBe(
            ["x.ovf:23:4: error NX3003: configuration: configuration \"8CPU-16GB\" is not declared (expected one of: 1CPU-4GB, 2CPU-4GB, 4CPU-4GB, 4CPU-8GB)"]);
    }

    [Fact]
    public void Read_ConfigurationAskedButNoneDeclared_IsAnError()
    {
        var text = $"""
            <Envelope {Namespaces}>
              <VirtualSystem ovf:id="vm1">
                <VirtualHardwareSection/>
              </VirtualSystem>
            </Envelope>
            """;

        Errors(text, "big").ShouldBe(
            ["x.ovf:1:2: error NX3003: configuration: configuration \"big\" was asked for, but the package declares no configurations (expected no configuration)"]);
    }

    [Fact]
    public void Read_NoVirtualSystem_IsAnError()
    {
        Errors($"<Envelope {Namespaces}>\n  <References/>\n</Envelope>").ShouldBe(
            ["x.ovf:1:2: error NX3010: the envelope holds no VirtualSystem or VirtualSystemCollection (expected at least one virtual machine)"]);
    }

    [Fact]
    public void Read_MissingIdsAndDuplicates_AreAllReported()
    {
        var text = $"""
            <Envelope {Namespaces}>
              <References>
                <File ovf:id="f1" ovf:href="a"/>
                <File ovf:id="f1" ovf:href="b"/>
                <File ovf:href="c"/>
              </References>
              <DiskSection>
                <Disk ovf:diskId="d1"/>
              </DiskSection>
              <DeploymentOptionSection>
                <Configuration ovf:id="a"/>
                <Configuration ovf:id="a"/>
              </DeploymentOptionSection>
              <VirtualSystem ovf:id="vm1">
                <VirtualHardwareSection>
                  <Item>
                    <rasd:InstanceID>1</rasd:InstanceID>
                    <rasd:ResourceType>3</rasd:ResourceType>
                    <rasd:VirtualQuantity>0</rasd:VirtualQuantity>
                  </Item>
                  <Item>
                    <rasd:InstanceID>1</rasd:InstanceID>
                    <rasd:ResourceType>3</rasd:ResourceType>
                    <rasd:VirtualQuantity>2</rasd:VirtualQuantity>
                  </Item>
                </VirtualHardwareSection>
                <ProductSection>
                  <Property ovf:key="k" ovf:type="string"/>
                  <Property ovf:key="k" ovf:type="string"/>
                  <Property ovf:key="t"/>
                </ProductSection>
              </VirtualSystem>
            </Envelope>
            """;

        Errors(text).ShouldBe(
        [
            "x.ovf:4:11: error NX3011: References/File[f1]: file id \"f1\" is declared twice (expected unique ids)",
            "x.ovf:5:6: error NX3009: References/File/id: File has no ovf:id (expected both ovf:id and ovf:href)",
            "x.ovf:8:6: error NX3009: DiskSection/Disk[d1]/capacity: Disk has no ovf:capacity (expected its size in capacityAllocationUnits)",
            "x.ovf:12:20: error NX3011: DeploymentOptionSection/Configuration[a]: configuration id \"a\" is declared twice (expected unique ids)",
            "x.ovf:19:10: error NX3004: vm[vm1]/Item[1]/VirtualQuantity: number of vCPUs 0 is out of range (expected 1 to 2147483647)",
            "x.ovf:22:10: error NX3011: vm[vm1]/Item[1]: InstanceID \"1\" is used by two items (expected one item per InstanceID, replaced only by a configuration-specific item)",
            "x.ovf:29:17: error NX3011: vm[vm1]/Property[k]: property \"k\" is declared twice (expected unique keys; ProductSections are told apart by ovf:class and ovf:instance)",
            "x.ovf:30:8: error NX3009: vm[vm1]/Property[t]/type: Property has no ovf:type (expected e.g. string, boolean, uint16)",
        ]);
    }

    [Fact]
    public void Read_BillionLaughs_FailsFastWithTheExpansionLimit()
    {
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">"));
        var text = $"<!DOCTYPE Envelope [<!ENTITY l0 \"lol\">{entities}]><Envelope>&l9;</Envelope>";

        var errors = Errors(text);

        errors.ShouldHaveSingleItem().ShouldContain("error NX3001: entity expansion exceeds the limit of 1,000,000 characters");
    }

    [Fact]
    public void Read_ExternalEntity_IsNeverFetched()
    {
        var text = $"<!DOCTYPE Envelope [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>\n<Envelope {Namespaces}><VirtualSystem ovf:id=\"&x;\"/></Envelope>";

        var result = OvfReader.Read(text, "x.ovf");

        result.Value.ShouldBeNull();
        result.Errors.ShouldHaveSingleItem().Code.ShouldBe("NX3001");
    }

    [Fact]
    public void Read_MemoryTooLarge_ReportsOverflowInsteadOfWrapping()
    {
        var text = $"""
            <Envelope {Namespaces}>
              <VirtualSystem ovf:id="vm1">
                <VirtualHardwareSection>
                  <Item>
                    <rasd:AllocationUnits>byte * 2^40</rasd:AllocationUnits>
                    <rasd:InstanceID>1</rasd:InstanceID>
                    <rasd:ResourceType>4</rasd:ResourceType>
                    <rasd:VirtualQuantity>99999999</rasd:VirtualQuantity>
                  </Item>
                </VirtualHardwareSection>
              </VirtualSystem>
            </Envelope>
            """;

        Errors(text).ShouldBe(
            ["x.ovf:8:10: error NX3004: vm[vm1]/Item[1]/VirtualQuantity: memory size 99999999 × 1099511627776 bytes is too large (expected at most 9223372036854775807 bytes)"]);
    }
}
