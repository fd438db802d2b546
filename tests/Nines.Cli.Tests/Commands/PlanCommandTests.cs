using System.Text.Json;

namespace Nines.Cli.Tests.Commands;

public sealed class PlanCommandTests
{
    private static readonly string _tutorial = CliRunner.Data("vnuml", "tutorial_root1_xp_sysprep.xml");
    private static readonly string _edivCluster = CliRunner.Data("vnuml", "ediv_cluster.conf");

    [Fact]
    public async Task Plan_TutorialOnEdivClusterWithRoundRobin_Puts221AndVlansOnNet0To2()
    {
        var result = await CliRunner.RunAsync("plan", _tutorial, "--cluster", _edivCluster, "--algorithm", "RoundRobin", "--output", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var hosts = json.RootElement.GetProperty("hosts").EnumerateArray()
            .ToDictionary(h => h.GetProperty("name").GetString()!, h => h.GetProperty("vms").EnumerateArray().Select(v => v.GetString()!).ToList());
        hosts["host1"].ShouldBe(["uml1", "uml4"]);
        hosts["host2"].ShouldBe(["uml2", "uml5"]);
        hosts["host3"].ShouldBe(["uml3"]);
        var vlans = json.RootElement.GetProperty("vlans").EnumerateArray()
            .Select(v => (v.GetProperty("network").GetString(), v.GetProperty("vlan").GetInt32()))
            .ToList();
        vlans.ShouldBe([("Net0", 1000), ("Net1", 1001), ("Net2", 1002)]);
        json.RootElement.GetProperty("unplaced").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Plan_TableOutput_ShowsHostsVlansAndAlgorithm()
    {
        var result = await CliRunner.RunAsync("plan", _tutorial, "--cluster", _edivCluster, "--algorithm", "RoundRobin");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("(RoundRobin)");
        result.Out.ShouldContain("host1  2    320/8192");
        result.Out.ShouldContain("uml1, uml4");
        result.Out.ShouldContain("Net0     1000  host1, host2, host3");
        result.Out.ShouldNotContain("Net3 ");
    }

    [Fact]
    public async Task Plan_ClusterDefaultAlgorithm_IsUsedWhenNoneGiven()
    {
        var result = await CliRunner.RunAsync("plan", _tutorial, "--cluster", _edivCluster);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("(RoundRobin)");
    }

    [Fact]
    public async Task Plan_UnknownAlgorithm_FailsNamingTheKnownOnes()
    {
        var result = await CliRunner.RunAsync("plan", _tutorial, "--cluster", _edivCluster, "--algorithm", "Magic");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("Magic");
        result.Error.ShouldContain("RoundRobin");
        result.Error.ShouldContain("WeightedRoundRobin");
        result.Error.ShouldContain("Balanced");
    }

    [Fact]
    public async Task Plan_MissingClusterFile_FailsWithUsageCodeNamingTheFile()
    {
        var result = await CliRunner.RunAsync("plan", _tutorial, "--cluster", "/nonexistent/cluster.conf");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("/nonexistent/cluster.conf: error NX0100: cannot read the file: no such directory");
    }

    [Fact]
    public async Task Plan_ClusterPassedAsScenario_SaysWhatTheFileIs()
    {
        var result = await CliRunner.RunAsync("plan", _edivCluster);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("expected a scenario (VNUML, native YAML or OVF) but this file is an EDIV cluster.conf; pass it with --cluster");
    }

    [Fact]
    public async Task Plan_WithoutCluster_PlacesEverythingOnThisMachine()
    {
        var result = await CliRunner.RunAsync("plan", _tutorial, "--output", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var host = json.RootElement.GetProperty("hosts").EnumerateArray().ShouldHaveSingleItem();
        host.GetProperty("vms").GetArrayLength().ShouldBe(5);
        json.RootElement.GetProperty("vlans").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Plan_ConflictingRestrictions_FailsNamingTheRules()
    {
        var restrictions = CliRunner.TempFile("r.xml", """
            <deployment_restrictions>
              <vm_deploy_at vm="uml1" host="host1"/>
              <vm_deploy_at vm="uml2" host="host2"/>
              <affinity><vm>uml1</vm><vm>uml2</vm></affinity>
            </deployment_restrictions>
            """);

        var result = await CliRunner.RunAsync("plan", _tutorial, "--cluster", _edivCluster, "--restrictions", restrictions);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("vm_deploy_at(uml1)");
        result.Error.ShouldContain("vm_deploy_at(uml2)");
        result.Error.ShouldContain("affinity(uml1, uml2)");
        result.Error.ShouldContain("r.xml:4:");
    }
}
