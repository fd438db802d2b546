namespace Nines.Bench.Soak.Tests;

public sealed class OperationTrackerTests
{
    [Theory]
    [InlineData("COMPLETED", null, true)]
    [InlineData("FAILED", "interface id 256 out of range", true)]
    [InlineData("FAILED", "", false)]
    [InlineData("FAILED", null, false)]
    [InlineData("STARTING", null, false)]
    [InlineData("PROCESSING", null, false)]
    [InlineData("VANISHED", "404: the operation is gone", false)]
    public void Accounted_State_OnlyCompletedOrFailedWithAMessage(string state, string? error, bool accounted)
    {
        new OperationOutcome(state, error).Accounted.ShouldBe(accounted);
    }

    [Fact]
    public void Acknowledge_Answer202WithOperationId_Recorded()
    {
        var tracker = new OperationTracker();
        using var api = new SoakApi(new Uri("http://127.0.0.1:1"), null);

        tracker.Acknowledge(new ApiAnswer(202, """{"operationId":"op-1","deployment":"a"}""", TimeSpan.Zero, null), "t", "deploy", "a", api).ShouldNotBeNull();
        tracker.Acknowledge(new ApiAnswer(400, """{"operationId":"op-2"}""", TimeSpan.Zero, null), "t", "deploy", "a", api).ShouldBeNull();

        tracker.Acknowledged.Select(o => o.Id).ShouldBe(["op-1"]);
    }

    // The 10-minute embedded run counted 74 operations "lost" that had ended and then been pruned by retention
    // (1,000 per tenant): a listing that saw them end keeps that answer.
    [Fact]
    public void Observe_ListingWithEndedAcknowledgedOperations_RemembersOnlyThoseEnded()
    {
        var tracker = new OperationTracker();
        using var api = new SoakApi(new Uri("http://127.0.0.1:1"), null);
        foreach (var id in new[] { "op-1", "op-2", "op-3" })
        {
            tracker.Acknowledge(new ApiAnswer(202, $$"""{"operationId":"{{id}}"}""", TimeSpan.Zero, null), "t", "deploy", "a", api);
        }

        var listing = System.Text.Json.Nodes.JsonNode.Parse("""
            [{"id":"op-1","state":"COMPLETED","error":null},{"id":"op-2","state":"STARTING"},
             {"id":"op-3","state":"FAILED","error":"superseded"},{"id":"op-9","state":"COMPLETED"}]
            """)!.AsArray();

        tracker.Observe(listing).ShouldBe(2);
        tracker.Observe(listing).ShouldBe(0);

        tracker.Ended("op-1").ShouldBe(new OperationOutcome("COMPLETED", null));
        tracker.Ended("op-2").ShouldBeNull();
        tracker.Ended("op-3")!.Accounted.ShouldBeTrue();
        tracker.Ended("op-9").ShouldBeNull();
    }
}
