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
}
