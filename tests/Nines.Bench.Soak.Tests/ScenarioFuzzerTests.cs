namespace Nines.Bench.Soak.Tests;

public sealed class ScenarioFuzzerTests
{
    [Fact]
    public void Next_SameSeed_SameScenarios()
    {
        var first = Enumerable.Range(0, 50).Select(_ => 0).Aggregate((new Random(7), new List<string>()), (acc, _) => { acc.Item2.Add(ScenarioFuzzer.Next(acc.Item1, "fz", "other").Text); return acc; }).Item2;
        var second = Enumerable.Range(0, 50).Select(_ => 0).Aggregate((new Random(7), new List<string>()), (acc, _) => { acc.Item2.Add(ScenarioFuzzer.Next(acc.Item1, "fz", "other").Text); return acc; }).Item2;

        second.ShouldBe(first);
    }

    [Fact]
    public void Next_ManyDraws_CoversEveryKind()
    {
        var random = new Random(1);
        var kinds = Enumerable.Range(0, 500).Select(_ => ScenarioFuzzer.Next(random, "fz", "other").Kind).ToHashSet();

        kinds.ShouldBe(["interface-id", "vlan", "memory", "vcpus", "automac", "long-names", "many", "deep-nesting", "random-bytes", "mutation", "vnuml", "foreign-tenant"], ignoreOrder: true);
    }

    [Fact]
    public void Next_InterfaceIdKind_IncludesTheIssuesBoundaryValue()
    {
        var random = new Random(3);
        var texts = Enumerable.Range(0, 2000).Select(_ => ScenarioFuzzer.Next(random, "fz", "other")).Where(s => s.Kind == "interface-id").Select(s => s.Text);

        texts.ShouldContain(t => t.Contains("{id: 256, network: n0", StringComparison.Ordinal));
    }
}
