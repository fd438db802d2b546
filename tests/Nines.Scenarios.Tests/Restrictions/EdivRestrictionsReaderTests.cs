using Nines.Domain;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Restrictions;

namespace Nines.Scenarios.Tests.Restrictions;

public sealed class EdivRestrictionsReaderTests
{
    private static string[] Errors(string text)
    {
        var result = EdivRestrictionsReader.Read(text, "r.xml");
        result.Value.ShouldBeNull();
        return [.. result.Diagnostics.Select(d => d.ToString())];
    }

    [Fact]
    public void Read_EdivManualExample_GivesTheFiveRulesInDocumentOrder()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "vnuml", "ediv_restrictions_bgp_example.xml"));

        var result = EdivRestrictionsReader.Read(text, "bgp.xml");

        result.Diagnostics.ShouldBeEmpty();
        var rules = result.Value.ShouldNotBeNull().Rules;
        rules.Select(r => r.Rule).ShouldBe(
        [
            new PlacementRule(PlacementRuleKind.NetworkAt, Networks: ValueList.Of("AS1-AS4"), Host: "kofy.dit.upm.es"),
            new PlacementRule(PlacementRuleKind.VmAt, Vms: ValueList.Of("R2"), Host: "zermat.dit.upm.es"),
            new PlacementRule(PlacementRuleKind.AntiAffinity, Vms: ValueList.Of("R6", "R1")),
            new PlacementRule(PlacementRuleKind.AntiAffinity, Vms: ValueList.Of("R2", "R5")),
            new PlacementRule(PlacementRuleKind.Affinity, Vms: ValueList.Of("R3", "R2")),
        ]);
        rules.ShouldAllBe(r => r.Rule.Hard);
        rules.Select(r => r.Location.ToString()).ShouldBe(["bgp.xml:2:2", "bgp.xml:3:2", "bgp.xml:4:2", "bgp.xml:8:2", "bgp.xml:12:2"]);
    }

    [Fact]
    public void Read_NetDeployTogether_KeepsItsNetworks()
    {
        var result = EdivRestrictionsReader.Read("<deployment_restrictions><net_deploy_together><net>A</net><net>B</net></net_deploy_together></deployment_restrictions>", "r.xml");

        result.Value.ShouldNotBeNull().Rules.ShouldHaveSingleItem().Rule.ShouldBe(
            new PlacementRule(PlacementRuleKind.NetworkTogether, Networks: ValueList.Of("A", "B")));
    }

    [Fact]
    public void Read_EveryKindOfMistake_ReportsAllTogetherInFileOrder()
    {
        var text = """
            <deployment_restrictions>
              <net_deploy_at net="A"/>
              <vm_deploy_at host="h1" zone="z"/>
              <affinity>
                <vm>R1</vm>
              </affinity>
              <antiaffinity/>
              <net_deploy_together/>
              <affinity>
                <vm>R1</vm>
                <vm> </vm>
                <vm>R1</vm>
                <host>h</host>
              </affinity>
              <vm_migrate vm="R1"/>
              <vm_deploy_at vm="R1" host="h"><vm>R2</vm></vm_deploy_at>
            </deployment_restrictions>
            """;

        Errors(text).ShouldBe(
        [
            "r.xml:2:4: error NX5003: net_deploy_at/@host: <net_deploy_at> has no host attribute (expected e.g. <net_deploy_at net=\"Net0\" host=\"host1\"/>)",
            "r.xml:3:4: error NX5003: vm_deploy_at/@vm: <vm_deploy_at> has no vm attribute (expected e.g. <vm_deploy_at vm=\"R1\" host=\"host1\"/>)",
            "r.xml:3:27: error NX5007: vm_deploy_at/@zone: <vm_deploy_at> does not take a zone attribute (expected vm and host only)",
            "r.xml:4:4: error NX5004: affinity: <affinity> names only 1 VM (expected at least 2 <vm> elements)",
            "r.xml:7:4: error NX5004: antiaffinity: <antiaffinity> names no VM (expected at least 2 <vm> elements)",
            "r.xml:8:4: error NX5004: net_deploy_together: <net_deploy_together> names no network (expected at least 1 <net> element)",
            "r.xml:11:6: error NX5006: affinity/vm: <vm> is empty (expected a VM name)",
            "r.xml:12:6: error NX5008: affinity/vm: <affinity> names vm \"R1\" twice (expected each once)",
            "r.xml:13:6: error NX5005: affinity: <host> is not allowed in <affinity> (expected <vm> elements)",
            "r.xml:15:4: error NX5005: <vm_migrate> is not a restriction (expected net_deploy_at, vm_deploy_at, affinity, net_deploy_together or antiaffinity)",
            "r.xml:16:35: error NX5005: vm_deploy_at: <vm_deploy_at> takes no child elements, but has <vm> (expected vm and host attributes only)",
        ]);
    }

    [Fact]
    public void Read_WrongRoot_IsRejected()
    {
        Errors("<vnuml><net_deploy_at net=\"A\" host=\"h\"/></vnuml>").ShouldBe(
            ["r.xml:1:2: error NX5002: root element <vnuml> is not <deployment_restrictions> (expected an EDIV restrictions file)"]);
    }

    [Fact]
    public void Read_MalformedXml_ReportsTheParserPosition()
    {
        Errors("<deployment_restrictions>\n<affinity>\n</deployment_restrictions>").ShouldBe(
            ["r.xml:3:3: error NX5001: The 'affinity' start tag on line 2 position 2 does not match the end tag of 'deployment_restrictions'."]);
    }

    [Fact]
    public void Read_EmptyRestrictions_IsAnEmptySet()
    {
        var result = EdivRestrictionsReader.Read("<deployment_restrictions/>", "r.xml");

        result.Diagnostics.ShouldBeEmpty();
        result.Value.ShouldNotBeNull().Rules.ShouldBeEmpty();
    }
}
