namespace Nines.Bench.Soak.Tests;

public sealed class HealthLoopsTests
{
    [Fact]
    public void Parse_NoLoopsMember_NotReportedAndNoneDead()
    {
        var loops = HealthLoops.Parse("""{"status":"ok","version":"1.0"}""");

        loops.Reported.ShouldBeFalse();
        loops.Dead.ShouldBeEmpty();
        loops.Status.ShouldBe("ok");
    }

    [Fact]
    public void Parse_ArrayOfLoops_CountsTheOnesNotRunning()
    {
        var loops = HealthLoops.Parse("""{"status":"degraded","loops":[{"name":"reconciler","state":"dead","restarts":3},{"name":"election","state":"running"},{"name":"heartbeat","status":"Faulted"}]}""");

        loops.Reported.ShouldBeTrue();
        loops.Count.ShouldBe(3);
        loops.Dead.ShouldBe(["reconciler (dead)", "heartbeat (Faulted)"]);
    }

    [Fact]
    public void Parse_ObjectOfLoops_ReadsStringAndObjectStates()
    {
        var loops = HealthLoops.Parse("""{"status":"ok","loops":{"reconciler":"running","availability":{"state":"restarting"},"migration":{"alive":true}}}""");

        loops.Count.ShouldBe(3);
        loops.Dead.ShouldBe(["availability (restarting)"]);
    }

    [Fact]
    public void Parse_NotJson_NotReported()
    {
        HealthLoops.Parse("<html>").Reported.ShouldBeFalse();
    }
}
