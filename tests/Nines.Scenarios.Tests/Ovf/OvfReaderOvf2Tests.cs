using Nines.Domain;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Ovf;

namespace Nines.Scenarios.Tests.Ovf;

public sealed class OvfReaderOvf2Tests
{
    private const string File = "nines-two-tier-2.0.ovf";
    private const long MiB = 1L << 20;

    private static readonly string _text = System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "ovf", File));

    private static OvfImport Read(string? configuration = null)
    {
        var result = OvfReader.Read(_text, File, configuration);
        result.Diagnostics.ShouldBeEmpty();
        return result.Value.ShouldNotBeNull();
    }

    [Fact]
    public void Read_VirtualSystemCollection_NamesScenarioAfterCollectionAndReadsBothSystems()
    {
        var scenario = Read().Document.Scenario;

        scenario.Name.ShouldBe("two-tier");
        scenario.Vms.Select(v => v.Name).ShouldBe(["web", "db"]);
        scenario.Networks.ShouldBe(ValueList.Of(new NetworkSpec("front"), new NetworkSpec("back")));
    }

    [Fact]
    public void Read_NoConfigurationAsked_UsesTheOneMarkedDefault()
    {
        var import = Read();

        import.SelectedConfiguration.ShouldBe("large");
        import.Configurations.ShouldBe(ValueList.Of(

            new OvfConfiguration("small", "Small", "One vCPU per tier", false),
            new OvfConfiguration("large", "Large", "Four vCPUs per tier", true)
        ));
        import.Document.Scenario.Vms.Select(v => v.Vcpus).ShouldBe([4, 4]);
    }

    [Fact]
    public void Read_SmallConfiguration_KeepsTheGenericItems()
    {
        Read("small").Document.Scenario.Vms.Select(v => v.Vcpus).ShouldBe([1, 1]);
    }

    [Fact]
    public void Read_Ovf2_ReadsMemoryInBothUnitStyles()
    {
        var vms = Read().Document.Scenario.Vms;

        vms[0].MemoryKiB.ShouldBe(2 * 1024 * 1024);
        vms[1].MemoryKiB.ShouldBe(4096 * 1024);
    }

    [Fact]
    public void Read_EthernetPortItems_BecomeNicsInOrderWithNormalisedMac()
    {
        var vms = Read().Document.Scenario.Vms;

        vms[0].Interfaces.ShouldBe(ValueList.Of(new InterfaceSpec(1, "front", "52:54:00:ab:cd:01"), new InterfaceSpec(2, "back")));
        vms[1].Interfaces.ShouldBe(ValueList.Of(new InterfaceSpec(1, "back")));
    }

    [Fact]
    public void Read_StorageItems_BecomeDisksWithCapacityInBytesAndFile()
    {
        var vms = Read().Document.Scenario.Vms;

        vms[0].Disks.ShouldBe(ValueList.Of(new DiskSpec("web-disk", 8L << 30, "web.qcow2", "http://www.gnome.org/~markmc/qcow-image-format.html")));
        vms[1].Disks.ShouldBe(ValueList.Of(new DiskSpec("db-disk", 20480 * MiB, "db.qcow2"), new DiskSpec("db-data", 1L << 30)));
    }

    [Fact]
    public void Read_PropertyValueForConfiguration_OverridesTheDefaultValue()
    {
        Read("large").Document.Scenario.Vms[0].Properties.ShouldBe(ValueList.Of(
            new PropertySpec("org.example.web.port", "uint16", "8080", "Listen port", null, true)));
        Read("small").Document.Scenario.Vms[0].Properties.ShouldHaveSingleItem().Value.ShouldBe("80");
    }

    [Fact]
    public void Read_TwoProductSectionsOfOneClass_AreToldApartByInstance()
    {
        Read().Document.Scenario.Vms[1].Properties.ShouldBe(ValueList.Of(

            new PropertySpec("org.example.db.password.1", "string", null, null, null, true, "MinLen(8)"),
            new PropertySpec("org.example.db.password.2", "string", "replica-secret")
        ));
    }
}
