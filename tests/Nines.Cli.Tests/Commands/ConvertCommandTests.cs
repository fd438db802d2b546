using Nines.Scenarios;
using Nines.Scenarios.Native;

namespace Nines.Cli.Tests.Commands;

public sealed class ConvertCommandTests
{
    [Fact]
    public async Task Convert_VnumlTutorial_PrintsNativeYamlWithTheSameModel()
    {
        var file = CliRunner.Data("vnuml", "tutorial_root1_xp_sysprep.xml");

        var result = await CliRunner.RunAsync("convert", file);

        result.ExitCode.ShouldBe(0, result.Error);
        var original = ScenarioReader.Read(File.ReadAllText(file), file).Value!.Scenario;
        var converted = NativeScenarioReader.Read(result.Out, "converted.yaml");
        converted.Errors.ShouldBeEmpty();
        converted.Value!.Scenario.ShouldBe(original);
    }

    [Fact]
    public async Task Convert_OvfWithConfiguration_UsesThatConfiguration()
    {
        var result = await CliRunner.RunAsync("convert", CliRunner.Data("ovf", "csr1000v.ovf"), "--configuration", "4CPU-8GB");

        result.ExitCode.ShouldBe(0, result.Error);
        var scenario = NativeScenarioReader.Read(result.Out, "converted.yaml").Value!.Scenario;
        var vm = scenario.Vms.ShouldHaveSingleItem();
        vm.Vcpus.ShouldBe(4);
        vm.MemoryMiB.ShouldBe(8192);
    }

    [Fact]
    public async Task Convert_OvfUnknownConfiguration_FailsListingTheValidOnes()
    {
        var result = await CliRunner.RunAsync("convert", CliRunner.Data("ovf", "csr1000v.ovf"), "--configuration", "16CPU");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("16CPU");
        result.Error.ShouldContain("1CPU-4GB");
        result.Error.ShouldContain("4CPU-8GB");
    }

    [Fact]
    public async Task Convert_EdivClusterConf_PrintsNativeClusterYaml()
    {
        var result = await CliRunner.RunAsync("convert", CliRunner.Data("vnuml", "ediv_cluster.conf"));

        result.ExitCode.ShouldBe(0, result.Error);
        var cluster = ClusterReader.Read(result.Out, "cluster.yaml");
        cluster.Errors.ShouldBeEmpty();
        cluster.Value!.Cluster.Hosts.Select(h => h.Name).ShouldBe(["host1", "host2", "host3"]);
        cluster.Value.Cluster.Vlans.First.ShouldBe(1000);
    }
}
