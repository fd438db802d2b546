using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Validation;

public sealed class ScenarioValidatorRedundancyTests
{
    private static Scenario WithGroups(params RedundancyGroupSpec[] groups) => new(
        "s",
        Vms: ValueList.Of(new VmSpec("a"), new VmSpec("b"), new VmSpec("c"), new VmSpec("d")),
        RedundancyGroups: groups);

    [Fact]
    public void Validate_GroupMembershipProblems_AllReported()
    {
        var h = new ValidatorHarness();
        var scenario = WithGroups(
            h.At(2, new RedundancyGroupSpec("g1", RedundancyModel.NWayActive, ValueList.Of("a", "b", "ghost"))),
            h.At(3, new RedundancyGroupSpec("g2", RedundancyModel.NWayActive, ValueList.Of("b", "c", "c"))),
            h.At(4, new RedundancyGroupSpec("g1", RedundancyModel.None, ValueList.Of("d"))));

        h.Validate(scenario).ShouldBe(
        [
            "hand.yaml:2:1: error NX1508: redundancy_group[g1]: redundancy group \"g1\": member \"ghost\" is not a VM of the scenario (VMs: a, b, c, d)",
            "hand.yaml:3:1: error NX1510: redundancy_group[g2]: redundancy group \"g2\": vm \"b\" is already a member of group \"g1\" (a VM belongs to one group at most)",
            "hand.yaml:3:1: error NX1510: redundancy_group[g2]: redundancy group \"g2\": vm \"c\" is listed more than once",
            "hand.yaml:4:1: error NX1509: redundancy_group[g1]: redundancy group name \"g1\" is used more than once (first at hand.yaml:2:1)",
        ]);
    }

    [Theory]
    [InlineData(RedundancyModel.TwoN, new[] { "a" }, null, null, "model 2N needs exactly 2 members (one active, one standby), it has 1")]
    [InlineData(RedundancyModel.TwoN, new[] { "a", "b", "c" }, null, null, "model 2N needs exactly 2 members (one active, one standby), it has 3")]
    [InlineData(RedundancyModel.NPlusM, new[] { "a", "b", "c" }, 2, 2, "model N+M with 2 actives and 2 standbys needs 4 members, it has 3")]
    [InlineData(RedundancyModel.NPlusM, new[] { "a", "b" }, 0, 2, "model N+M needs at least 1 active, actives is 0")]
    [InlineData(RedundancyModel.NPlusM, new[] { "a", "b" }, 3, null, "model N+M with 3 actives needs more than 3 members, it has 2")]
    [InlineData(RedundancyModel.NPlusM, new[] { "a", "b" }, null, 2, "model N+M with 2 standbys needs more than 2 members, it has 2")]
    [InlineData(RedundancyModel.NPlusM, new[] { "a", "b" }, 1, -1, "standbys cannot be negative, it is -1")]
    [InlineData(RedundancyModel.TwoN, new[] { "a", "b" }, 1, 1, "actives and standbys apply to the N+M model only (this group is 2N)")]
    [InlineData(RedundancyModel.NWayActive, new string[0], null, null, "has no members")]
    public void Validate_MemberCountsNotFittingModel_Reported(RedundancyModel model, string[] members, int? actives, int? standbys, string problem)
    {
        var h = new ValidatorHarness();
        var scenario = WithGroups(h.At(7, new RedundancyGroupSpec("g", model, members, actives, standbys)));

        h.Validate(scenario).ShouldBe([$"hand.yaml:7:1: error NX1511: redundancy_group[g]: redundancy group \"g\": {problem}"]);
    }

    [Theory]
    [InlineData(RedundancyModel.TwoN, new[] { "a", "b" }, null, null)]
    [InlineData(RedundancyModel.NPlusM, new[] { "a", "b", "c" }, 2, 1)]
    [InlineData(RedundancyModel.NPlusM, new[] { "a", "b", "c" }, 2, null)]
    [InlineData(RedundancyModel.NPlusM, new[] { "a", "b", "c", "d" }, null, 1)]
    [InlineData(RedundancyModel.NPlusM, new[] { "a", "b" }, null, null)]
    [InlineData(RedundancyModel.NWayActive, new[] { "a", "b", "c" }, null, null)]
    [InlineData(RedundancyModel.None, new[] { "a" }, null, null)]
    public void Validate_MemberCountsFittingModel_NoDiagnostics(RedundancyModel model, string[] members, int? actives, int? standbys)
    {
        var h = new ValidatorHarness();

        h.Validate(WithGroups(new RedundancyGroupSpec("g", model, members, actives, standbys))).ShouldBeEmpty();
    }
}
