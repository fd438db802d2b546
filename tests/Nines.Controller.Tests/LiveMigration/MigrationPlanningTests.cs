using Nines.Contracts.Model;
using Nines.Controller.LiveMigration;
using Nines.Domain.Scenarios;

namespace Nines.Controller.Tests.LiveMigration;

public sealed class MigrationPlanningTests
{
    // a and b share x on h1; c is alone on y on h2; a also sits on z with c.
    private static readonly Scenario _scenario = new(
        "s",
        Vms:
        [
            new VmSpec("a", Interfaces: [new InterfaceSpec(1, "x"), new InterfaceSpec(2, "z")]),
            new VmSpec("b", Interfaces: [new InterfaceSpec(1, "x")]),
            new VmSpec("c", Interfaces: [new InterfaceSpec(1, "y"), new InterfaceSpec(2, "z")]),
        ]);

    private static readonly CommittedPlan _plan = new(
        1,
        "RoundRobin",
        new Dictionary<string, string> { ["a"] = "h1", ["b"] = "h1", ["c"] = "h2" },
        new Dictionary<string, int> { ["z"] = 100 },
        [],
        DateTimeOffset.UnixEpoch);

    [Fact]
    public void Begin_NetworkStretchedToTheTarget_GetsAFreeVlanAndKeepsTheOthers()
    {
        var plan = MigrationPlanning.Begin(_plan, _scenario, "a", "h2", "op-1");

        plan.Placements["a"].ShouldBe("h1"); // still runs on its source until the switch
        plan.Migrations!["a"].ShouldBe(new PlannedMigration("h1", "h2", "op-1"));
        plan.Vlans["z"].ShouldBe(100);
        plan.Vlans["x"].ShouldBe(101); // b stays on h1: x now spans h1 and h2
        plan.Vlans.ContainsKey("y").ShouldBeFalse();
        plan.HostsWithMigrations.ShouldBe(["h1", "h2"]);
    }

    [Theory]
    [InlineData(true, "h2")]
    [InlineData(false, "h1")]
    public void End_Outcome_MovesThePlacementOnlyOnSuccessAndDropsTheMigration(bool moved, string host)
    {
        var plan = MigrationPlanning.End(MigrationPlanning.Begin(_plan, _scenario, "a", "h2", "op-1"), "a", moved);

        plan.Placements["a"].ShouldBe(host);
        plan.Migrations.ShouldBeNull();
        plan.Vlans["x"].ShouldBe(101); // kept: hosts already carry the tag
    }

    [Fact]
    public void Relocate_PlacementMovesAtOnce_StretchedNetworkGetsAVlan_MigrationsInFlightStay()
    {
        var migrating = MigrationPlanning.Begin(_plan, _scenario, "c", "h3", "op-2");

        var plan = MigrationPlanning.Relocate(migrating, _scenario, "b", "h2");

        plan.Placements["b"].ShouldBe("h2");
        plan.Placements["a"].ShouldBe("h1");
        migrating.Vlans["y"].ShouldBe(101); // c's move to h3 stretched y first
        plan.Vlans["x"].ShouldBe(102); // a stays on h1: x now spans h1 and h2, on the next free VLAN
        plan.Vlans["y"].ShouldBe(101);
        plan.Migrations!.Keys.ShouldBe(["c"]);
    }
}
