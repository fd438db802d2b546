using Nines.Scheduling.Relocation;

namespace Nines.Scheduling.Tests.Relocation;

public sealed class RelocationTargetTests
{
    [Fact]
    public void Choose_NoPreferences_TheHostWithTheFewestVmsInAllPlans()
    {
        RelocationTarget.Choose(["h1", "h2", "h3"], ["h1", "h1", "h2", "h3", "h3"]).ShouldBe("h2");
    }

    [Fact]
    public void Choose_EqualLoad_TheFirstByName()
    {
        RelocationTarget.Choose(["h3", "h2"], ["h2", "h3"]).ShouldBe("h2");
    }

    [Fact]
    public void Choose_HostWithNoVmAtAll_CountsAsEmpty()
    {
        RelocationTarget.Choose(["h1", "h9"], ["h1"]).ShouldBe("h9");
    }

    [Fact]
    public void Choose_NoCandidate_Null()
    {
        RelocationTarget.Choose([], ["h1"]).ShouldBeNull();
    }

    [Fact]
    public void Choose_AvoidIfPossible_TakenOnlyWhenNothingElseIsLeft()
    {
        var avoid = new HashSet<string>(StringComparer.Ordinal) { "h1" };

        RelocationTarget.Choose(["h1", "h2"], ["h2", "h2", "h2"], new RelocationPreferences(avoid)).ShouldBe("h2");
        RelocationTarget.Choose(["h1"], ["h1"], new RelocationPreferences(avoid)).ShouldBe("h1");
    }

    [Fact]
    public void Choose_CurrentHostACandidate_StaysEvenWhenBusier()
    {
        RelocationTarget.Choose(["h1", "h2"], ["h1", "h1", "h1"], new RelocationPreferences(Current: "h1")).ShouldBe("h1");
    }

    [Fact]
    public void Choose_CurrentHostToBeAvoided_Leaves()
    {
        var avoid = new HashSet<string>(StringComparer.Ordinal) { "h1" };

        RelocationTarget.Choose(["h1", "h2"], ["h2"], new RelocationPreferences(avoid, "h1")).ShouldBe("h2");
    }
}
