using Nines.Availability.Model;
using Nines.Availability.Redundancy;
using Nines.Domain.Scenarios;

namespace Nines.Availability.Tests.Redundancy;

public sealed class RedundancyPolicyTests
{
    [Fact]
    public void Plan_TwoNFresh_ActiveOnPreferredStandbyOnOtherHost()
    {
        var plan = new TwoNRedundancyPolicy().Plan(Groups.TwoN());

        Assignments(plan).ShouldBe([("a", "svc", HaState.Active), ("b", "svc", HaState.Standby)]);
        plan.Instantiations.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_TwoNOnOneHostWithoutSpread_StandbySharesTheHost()
    {
        var group = Groups.Build(RedundancyModel.TwoN, ("a", "h1"), ("b", "h1")) with { SpreadOverHosts = false };

        var plan = new TwoNRedundancyPolicy().Plan(group);

        plan.Changes.Select(c => (c.Unit, c.To)).ShouldBe([("a", HaState.Active), ("b", HaState.Standby)]);
        plan.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_TwoNOnOneHostWithSpread_NoStandby()
    {
        var plan = new TwoNRedundancyPolicy().Plan(Groups.Build(RedundancyModel.TwoN, ("a", "h1"), ("b", "h1")));

        plan.Changes.Select(c => (c.Unit, c.To)).ShouldBe([("a", HaState.Active)]);
        plan.Notes.ShouldHaveSingleItem().ShouldContain("no standby");
    }

    [Fact]
    public void Plan_TwoNWithSecondUnitOnSameHost_StandbyGoesToAnotherHost()
    {
        var group = Groups.Build(RedundancyModel.TwoN, ("a", "h1"), ("b", "h1"), ("c", "h2"));

        var plan = new TwoNRedundancyPolicy().Plan(group);

        Assignments(plan).ShouldBe([("a", "svc", HaState.Active), ("c", "svc", HaState.Standby)]);
    }

    [Fact]
    public void Plan_TwoNOnlyOneHost_NoStandbyWithNoteAndInstantiationElsewhere()
    {
        var group = Groups.Build(RedundancyModel.TwoN, ("a", "h1"), ("b", "h1"));
        group = group.WithUnit(group.FindUnit("b")! with { Presence = UnitPresence.Terminated });

        var plan = new TwoNRedundancyPolicy().Plan(group);

        Assignments(plan).ShouldBe([("a", "svc", HaState.Active)]);
        plan.Notes.ShouldContain(n => n.Contains("no standby", StringComparison.Ordinal));
        plan.Instantiations.Single().AvoidHosts.ShouldBe(["h1"]);
    }

    [Fact]
    public void Plan_TwoNActiveGone_PromotesStandbyAndNeverAssignsASecondActive()
    {
        var group = Groups.TwoN() with { Assignments = [new Assignment("b", "svc", HaState.Standby)] };
        group = group.WithUnit(group.FindUnit("a")! with { Presence = UnitPresence.Restarting, Operational = UnitOperationalState.Disabled, KnownDead = true });

        var plan = new TwoNRedundancyPolicy().Plan(group);

        plan.Changes.ShouldBe([new AssignmentChange("b", "svc", HaState.Standby, HaState.Active, plan.Changes[0].Reason)]);
        plan.Changes[0].Reason.ShouldContain("standby b takes over");
    }

    [Fact]
    public void Plan_ActiveHeldByDisabledLiveUnit_DoesNotPromote()
    {
        // A hung active is disabled but may still serve: nothing may take its instance until it is fenced.
        var group = Groups.TwoN() with { Assignments = [new Assignment("a", "svc", HaState.Active), new Assignment("b", "svc", HaState.Standby)] };
        group = group.WithUnit(group.FindUnit("a")! with { Operational = UnitOperationalState.Disabled });

        var plan = new TwoNRedundancyPolicy().Plan(group);

        plan.Changes.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_NPlusMFresh_TwoActivesOnTwoHostsOneStandbyUnitForBoth()
    {
        var plan = new NPlusMRedundancyPolicy().Plan(Groups.TwoPlusOne());

        Assignments(plan).ShouldBe(
        [
            ("a", "svc-1", HaState.Active), ("b", "svc-2", HaState.Active),
            ("c", "svc-1", HaState.Standby), ("c", "svc-2", HaState.Standby),
        ]);
    }

    [Fact]
    public void Plan_NPlusMStandbyPromoted_DropsItsOtherStandbysAndAsksForAUnit()
    {
        var group = Groups.TwoPlusOne() with
        {
            Assignments =
            [
                new Assignment("b", "svc-2", HaState.Active), new Assignment("c", "svc-1", HaState.Standby), new Assignment("c", "svc-2", HaState.Standby),
            ],
        };
        group = group.WithUnit(group.FindUnit("a")! with { Presence = UnitPresence.Terminated, Operational = UnitOperationalState.Disabled, KnownDead = true });

        var plan = new NPlusMRedundancyPolicy().Plan(group);

        plan.Changes.Select(c => (c.Unit, c.Instance, c.From, c.To)).ShouldBe(
        [
            ("c", "svc-1", HaState.Standby, HaState.Active),
            ("c", "svc-2", HaState.Standby, (HaState?)null),
        ]);
        plan.Instantiations.Single().AvoidHosts.ShouldBe(["h2", "h3"]);
    }

    [Fact]
    public void Plan_NWayActive_EveryUnitActiveForTheInstance()
    {
        var group = Groups.Build(RedundancyModel.NWayActive, ("a", "h1"), ("b", "h2"), ("c", "h3"));

        var plan = new NWayActiveRedundancyPolicy().Plan(group);

        Assignments(plan).ShouldBe([("a", "svc", HaState.Active), ("b", "svc", HaState.Active), ("c", "svc", HaState.Active)]);
    }

    [Fact]
    public void Plan_NoRedundancy_EachMemberServesItsOwnInstanceAndNoStandby()
    {
        var group = Groups.Build(RedundancyModel.None, ("a", "h1"), ("b", "h2"));

        var plan = new NoRedundancyPolicy().Plan(group);

        Assignments(plan).ShouldBe([("a", "svc-a", HaState.Active), ("b", "svc-b", HaState.Active)]);
    }

    [Theory]
    [InlineData(RedundancyModel.TwoN)]
    [InlineData(RedundancyModel.NPlusM)]
    [InlineData(RedundancyModel.NWayActive)]
    [InlineData(RedundancyModel.None)]
    public void Plan_AppliedGroup_IsStable(RedundancyModel model)
    {
        var group = Groups.Build(model, model == RedundancyModel.NPlusM ? 2 : null, model == RedundancyModel.NPlusM ? 1 : null, ("a", "h1"), ("b", "h2"), ("c", "h3"));
        var policy = RedundancyPolicies.For(model);

        var first = policy.Plan(group);
        var applied = group with { Assignments = [.. first.Changes.Select(c => new Assignment(c.Unit, c.Instance, c.To!.Value))] };

        first.Changes.ShouldNotBeEmpty();
        policy.Plan(applied).IsEmpty.ShouldBeTrue();
        policy.Model.ShouldBe(model);
    }

    private static List<(string, string, HaState)> Assignments(AssignmentPlan plan)
    {
        plan.Changes.ShouldAllBe(c => c.From == null && c.To != null);
        return [.. plan.Changes.Select(c => (c.Unit, c.Instance, c.To!.Value)).OrderBy(a => a.Item3).ThenBy(a => a.Unit, StringComparer.Ordinal).ThenBy(a => a.Instance, StringComparer.Ordinal)];
    }
}
