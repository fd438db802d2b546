using Nines.Domain;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Ovf;

namespace Nines.Scenarios.Tests.Ovf;

public sealed class OvfReaderCsr1000vTests
{
    private const string File = "csr1000v.ovf";
    private const long GiB = 1L << 30;

    private static readonly string _text = System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "ovf", File));

    private static OvfImport Read(string? configuration = null)
    {
        var result = OvfReader.Read(_text, File, configuration);
        result.Diagnostics.ShouldBeEmpty();
        return result.Value.ShouldNotBeNull();
    }

    private static VmSpec Vm(OvfImport import) => import.Document.Scenario.Vms.ShouldHaveSingleItem();

    [Fact]
    public void Read_Csr1000v_ListsTheFourConfigurationsWithTheFirstAsDefault()
    {
        var import = Read();

        import.Configurations.ShouldBe(ValueList.Of(

            new OvfConfiguration("1CPU-4GB", "Small", "Minimal hardware profile - 1 vCPU, 4 GB RAM", true),
            new OvfConfiguration("2CPU-4GB", "Medium", "Medium hardware profile - 2 vCPUs, 4 GB RAM", false),
            new OvfConfiguration("4CPU-4GB", "Large", "Large hardware profile - 4 vCPUs, 4 GB RAM", false),
            new OvfConfiguration("4CPU-8GB", "Large + DRAM Upgrade", "Large hardware profile (requires purchase of DRAM upgrade SKU) - 4 vCPUs, 8 GB RAM", false)
        ));
        import.SelectedConfiguration.ShouldBe("1CPU-4GB");
    }

    [Theory]
    [InlineData(null, "1CPU-4GB", 1, 4)]
    [InlineData("1CPU-4GB", "1CPU-4GB", 1, 4)]
    [InlineData("2CPU-4GB", "2CPU-4GB", 2, 4)]
    [InlineData("4CPU-4GB", "4CPU-4GB", 4, 4)]
    [InlineData("4CPU-8GB", "4CPU-8GB", 4, 8)]
    public void Read_Configuration_SizesTheVmForIt(string? requested, string selected, int vcpus, int memoryGiB)
    {
        var import = Read(requested);

        import.SelectedConfiguration.ShouldBe(selected);
        var vm = Vm(import);
        vm.Vcpus.ShouldBe(vcpus);
        vm.MemoryKiB.ShouldBe(memoryGiB * GiB / 1024);
    }

    [Fact]
    public void Read_Csr1000v_NamesScenarioAndVmAfterTheVirtualSystemId()
    {
        var import = Read();

        import.Document.Scenario.Name.ShouldBe("com.cisco.csr1000v");
        var vm = Vm(import);
        vm.Name.ShouldBe("com.cisco.csr1000v");
        vm.Type.ShouldBe("ovf");
    }

    [Fact]
    public void Read_Csr1000v_MapsTheThreeNetworksAndNics()
    {
        var import = Read();

        import.Document.Scenario.Networks.ShouldBe(ValueList.Of(
            new NetworkSpec("GigabitEthernet1"), new NetworkSpec("GigabitEthernet2"), new NetworkSpec("GigabitEthernet3")));
        Vm(import).Interfaces.ShouldBe(ValueList.Of(
            new InterfaceSpec(1, "GigabitEthernet1"), new InterfaceSpec(2, "GigabitEthernet2"), new InterfaceSpec(3, "GigabitEthernet3")));
    }

    [Fact]
    public void Read_Csr1000v_DiskIsOneGibibyteBackedByInputVmdk()
    {
        Vm(Read()).Disks.ShouldBe(ValueList.Of(
            new DiskSpec("vmdisk1", GiB, "input.vmdk", "http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized")));
    }

    [Fact]
    public void Read_Csr1000v_SurfacesEveryProductSectionPropertyWithItsQualifiedKey()
    {
        var properties = Vm(Read()).Properties;

        // The fixture declares 27 Property elements (counted in the file; ovf:class and ovf:instance qualify each key).
        properties.Count.ShouldBe(27);
        properties.ShouldAllBe(p => p.Key.StartsWith("com.cisco.csr1000v.", StringComparison.Ordinal) && p.Key.EndsWith(".1", StringComparison.Ordinal));
        properties[0].ShouldBe(new PropertySpec("com.cisco.csr1000v.config-version.1", "string", "1.0", null, "DO NOT CHANGE THIS VALUE", false, null));
        properties.Single(p => p.Key == "com.cisco.csr1000v.hostname.1").ShouldBe(
            new PropertySpec("com.cisco.csr1000v.hostname.1", "string", string.Empty, "Router Name", "Hostname of this router", true, "MaxLen(63)"));
        properties.Single(p => p.Key == "com.cisco.csr1000v.enable-ssh-server.1").ShouldBe(
            new PropertySpec(
                "com.cisco.csr1000v.enable-ssh-server.1",
                "boolean",
                "false",
                "Enable SSH Login and Disable Telnet Login",
                "Enable remote login via SSH and disable remote login via telnet. Requires login-username and login-password to be set!",
                true,
                null));
        properties.Single(p => p.Key == "com.cisco.csr1000v.license.1").Value.ShouldBe("ax");
        properties[^1].Key.ShouldBe("com.cisco.csr1000v.ic-tunnel-ipv4-gateway.1");
    }

    [Fact]
    public void Read_Csr1000v_RecordsWhereTheVmNetworksAndNicsWereWritten()
    {
        var document = Read().Document;
        var vm = document.Scenario.Vms[0];

        document.Map.Locate(vm).ToString().ShouldBe("csr1000v.ovf:42:4");
        document.Map.Locate(document.Scenario.Networks[1]).ToString().ShouldBe("csr1000v.ovf:16:6");
        document.Map.Locate(vm.Interfaces[2]).ToString().ShouldBe("csr1000v.ovf:180:8");
    }
}
