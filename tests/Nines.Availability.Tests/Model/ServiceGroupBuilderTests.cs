using Nines.Availability.Model;
using Nines.Domain.Scenarios;

namespace Nines.Availability.Tests.Model;

public sealed class ServiceGroupBuilderTests
{
    [Fact]
    public void FromSpec_TwoN_OneInstanceNamedAfterTheGroupAndNumbersOneAndOne()
    {
        var group = Groups.TwoN();

        group.Instances.Select(i => i.Name).ShouldBe(["svc"]);
        (group.ActiveUnits, group.StandbyUnits).ShouldBe((1, 1));
        group.Units.Select(u => (u.Name, u.Host, u.Rank)).ShouldBe([("a", "h1", 0), ("b", "h2", 1)]);
        group.Assignments.ShouldBeEmpty();
    }

    [Fact]
    public void FromSpec_PreferredHosts_RankMembersOnThemFirst()
    {
        var spec = new RedundancyGroupSpec("svc", RedundancyModel.TwoN, ["a", "b"], PreferredHosts: ["h2"]);

        var group = ServiceGroupBuilder.FromSpec(spec, new Dictionary<string, string> { ["a"] = "h1", ["b"] = "h2" });

        group.FindUnit("b")!.Rank.ShouldBe(0);
        group.FindUnit("a")!.Rank.ShouldBe(1);
    }

    [Fact]
    public void FromSpec_NPlusM_OneInstancePerActive()
    {
        var group = Groups.TwoPlusOne();

        group.Instances.Select(i => i.Name).ShouldBe(["svc-1", "svc-2"]);
        (group.ActiveUnits, group.StandbyUnits).ShouldBe((2, 1));
    }

    [Fact]
    public void FromSpec_NoRedundancy_OneInstancePerMember()
    {
        var group = Groups.Build(RedundancyModel.None, ("a", "h1"), ("b", "h1"));

        group.Instances.Select(i => i.Name).ShouldBe(["svc-a", "svc-b"]);
        group.StandbyUnits.ShouldBe(0);
    }

    [Fact]
    public void FromSpec_MemberWithoutHostAndTooFewMembers_ReportsBothWithFields()
    {
        var spec = new RedundancyGroupSpec("svc", RedundancyModel.NPlusM, ["a", "b"], Actives: 2, Standbys: 1);

        var error = Should.Throw<ArgumentException>(() => ServiceGroupBuilder.FromSpec(spec, new Dictionary<string, string> { ["a"] = "h1" }));

        error.Message.ShouldContain("redundancyGroups[svc].members: 'b' has no host in the plan");
        error.Message.ShouldContain("N+M = 2+1 needs 3 members, found 2");
    }
}
