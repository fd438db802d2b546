using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Native;

namespace Nines.Scenarios.Tests.Native;

public class NativeScenarioReaderTests
{
    private const string File = "tutorial.nines.yaml";

    [Fact]
    public void Read_CompleteFile_BuildsExactModel()
    {
        var result = NativeScenarioReader.Read(NativeExamples.Complete, File);

        result.Diagnostics.ShouldBeEmpty();
        result.Value!.Scenario.ShouldBe(NativeExamples.CompleteModel);
    }

    [Fact]
    public void Read_PinnedImage_KeepsThePinAndWritesItBack()
    {
        var pinned = "router.qcow2@sha256:" + new string('e', 64);

        var result = NativeScenarioReader.Read($"nines: 1\nname: lab\nvms: [{{name: r, image: '{pinned}'}}]\n", File);

        result.Diagnostics.ShouldBeEmpty();
        var scenario = result.Value!.Scenario;
        scenario.Vms[0].Image.ShouldBe(pinned);
        ImageReference.Parse(scenario.Vms[0].Image!).ShouldBe(new ImageReference("router.qcow2", "sha256:" + new string('e', 64)));
        NativeScenarioReader.Read(NativeScenarioWriter.Write(scenario), File).Value!.Scenario.ShouldBe(scenario);
    }

    [Fact]
    public void Read_CompleteFile_RecordsWhereEachObjectWasWritten()
    {
        var document = NativeScenarioReader.Read(NativeExamples.Complete, File).Value!;
        var scenario = document.Scenario;
        var map = document.Map;
        var uml1 = scenario.Vms[0];

        map.Locate(scenario.Networks[1]).ShouldBe(new SourceLocation(File, 29, 5));
        map.Locate(uml1).ShouldBe(new SourceLocation(File, 37, 5));
        map.Locate(uml1.Interfaces[1]).ShouldBe(new SourceLocation(File, 56, 9));
        map.Locate(uml1.Routes[1]).ShouldBe(new SourceLocation(File, 59, 9));
        map.Locate(uml1.Execs[1]).ShouldBe(new SourceLocation(File, 69, 9));
        map.Locate(scenario.Vms[1]).ShouldBe(new SourceLocation(File, 83, 5));
        map.Locate(scenario.Host!.Interfaces[0]).ShouldBe(new SourceLocation(File, 87, 7));
        map.Locate(scenario.RedundancyGroups[0]).ShouldBe(new SourceLocation(File, 97, 5));
        map.Locate(scenario.PlacementRules[1]).ShouldBe(new SourceLocation(File, 106, 5));
    }

    [Fact]
    public void Read_MinimalFile_LeavesEverythingUnset()
    {
        var result = NativeScenarioReader.Read("nines: 1\nname: lab\n", File);

        result.Value!.Scenario.ShouldBe(new Scenario("lab"));
    }

    [Fact]
    public void Read_ExplicitNullsAndEmptyLists_MeanUnset()
    {
        var text = "nines: 1\nname: lab\ntenant: ~\nnetworks: []\nvms:\n  - name: a\n    memory: null\n    interfaces:\n";

        var result = NativeScenarioReader.Read(text, File);

        result.Value!.Scenario.ShouldBe(new Scenario("lab", Vms: ValueList.Of(new VmSpec("a"))));
    }

    [Fact]
    public void Read_QuotedKeywords_StayStrings()
    {
        var text = "nines: 1\nname: \"null\"\ntenant: 'yes'\nversion: 1.10\n";

        var scenario = NativeScenarioReader.Read(text, File).Value!.Scenario;

        scenario.ShouldBe(new Scenario("null", Version: "1.10", Tenant: "yes"));
    }

    [Fact]
    public void Read_RouteWithExplicitMatchingFamily_IsAccepted()
    {
        var text = "nines: 1\nname: lab\nvms:\n  - name: a\n    routes: [{to: default, via: '2001:db8::1', family: ipv6}]\n";

        var vm = NativeScenarioReader.Read(text, File).Value!.Scenario.Vms[0];

        vm.Routes.ShouldBe(ValueList.Of(new RouteSpec(IpFamily.Ipv6, "default", "2001:db8::1")));
    }

    [Theory]
    [InlineData("65536", 65536L)]
    [InlineData("2048K", 2048L)]
    [InlineData("64M", 65536L)]
    [InlineData("64m", 65536L)]
    [InlineData("2G", 2097152L)]
    [InlineData("1T", 1073741824L)]
    public void Read_MemorySizes_AreKiB(string written, long kib)
    {
        var text = $"nines: 1\nname: lab\nvms: [{{name: a, memory: {written}}}]\n";

        NativeScenarioReader.Read(text, File).Value!.Scenario.Vms[0].MemoryKiB.ShouldBe(kib);
    }

    [Fact]
    public void Read_TextWithByteOrderMark_IsRead()
    {
        NativeScenarioReader.Read("\uFEFFnines: 1\nname: lab\n", File).Succeeded.ShouldBeTrue();
    }
}
