using Nines.Scenarios.Clusters;
using Nines.Scenarios.Native;
using Nines.Scenarios.Tests.Vnuml;

namespace Nines.Scenarios.Tests.Values;

/// <summary>The same value means the same thing, or is refused the same way, in every format that can hold it.</summary>
public sealed class FormatAgreementTests
{
    private const string NativeHead = "nines: 1\nname: lab\nnetworks: [{name: n}]\n";

    [Fact]
    public void Read_Ipv4WithLeadingZero_RefusedByVnumlAndNative()
    {
        var vnuml = VnumlTestInput.Read(VnumlTestInput.Wrap(
            "<net name=\"N\" mode=\"virtual_bridge\"/><vm name=\"a\"><if id=\"1\" net=\"N\"><ipv4>010.0.0.1/24</ipv4></if></vm>"));
        var native = NativeScenarioReader.Read(NativeHead + "vms: [{name: a, interfaces: [{id: 1, network: n, ipv4: [010.0.0.1/24]}]}]\n", "x.yaml");

        VnumlTestInput.Lines(vnuml).ShouldHaveSingleItem().ShouldContain("\"010.0.0.1/24\" is not an IPv4 address");
        native.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("\"010.0.0.1/24\" is not an ipv4 address");
    }

    [Fact]
    public void Read_DashedMac_AcceptedByVnumlNativeAndOvfAlike()
    {
        var vnuml = VnumlTestInput.Read(VnumlTestInput.Wrap(
            "<net name=\"N\" mode=\"virtual_bridge\"/><vm name=\"a\"><if id=\"1\" net=\"N\"><mac>02-FD-00-00-01-01</mac></if></vm>"));
        var native = NativeScenarioReader.Read(NativeHead + "vms: [{name: a, interfaces: [{id: 1, network: n, mac: 02-FD-00-00-01-01}]}]\n", "x.yaml");

        VnumlTestInput.Lines(vnuml).ShouldBeEmpty();
        native.Diagnostics.ShouldBeEmpty();
        native.Value!.Scenario.Vms[0].Interfaces[0].Mac.ShouldBe("02-FD-00-00-01-01");
    }

    [Theory]
    [InlineData("8GB")]
    [InlineData("8GiB")]
    [InlineData("8 G")]
    [InlineData("512K")]
    public void Read_ClusterMemoryOutsideTheNativeSizeSyntax_Refused(string memory)
    {
        var result = NativeClusterReader.Read($"vlans: {{first: 1, last: 2}}\nhosts: [{{name: a, memory: {memory}}}]\n", "cluster.yaml");

        result.Diagnostics.ShouldHaveSingleItem().Message.ShouldBe(
            $"memory \"{memory}\" is not a size (expected e.g. 8G, 4096M or a positive number of MiB)");
    }

    [Fact]
    public void Read_VnumlMemoryInTebibytes_ReadLikeNative()
    {
        var vnuml = VnumlTestInput.Read(VnumlTestInput.Wrap("<vm name=\"a\"><mem>1T</mem></vm>"));
        var native = NativeScenarioReader.Read(NativeHead + "vms: [{name: a, memory: 1T}]\n", "x.yaml");

        VnumlTestInput.Lines(vnuml).ShouldBeEmpty();
        vnuml.Value!.Scenario.Vms[0].MemoryKiB.ShouldBe(1L << 30);
        native.Value!.Scenario.Vms[0].MemoryKiB.ShouldBe(1L << 30);
    }
}
