using Nines.Drivers.Migration;

namespace Nines.Drivers.Tests.Migration;

public sealed class MigrationPolicyTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(999, 10)]
    [InlineData(1000, 20)]
    [InlineData(3999, 40)]
    [InlineData(8000, 150)]
    [InlineData(600_000, 300)]
    public void DowntimeLimitAt_DefaultSchedule_RisesInSteps(int elapsedMs, int expected) =>
        MigrationPolicy.Default.DowntimeLimitAt(TimeSpan.FromMilliseconds(elapsedMs)).ShouldBe(expected);

    [Fact]
    public void Validate_Default_HasNoErrors() => MigrationPolicy.Default.Validate().ShouldBeEmpty();

    [Fact]
    public void Validate_BadPolicy_NamesEveryField()
    {
        var policy = MigrationPolicy.Default with
        {
            DowntimeSchedule = [new DowntimeStep(TimeSpan.FromSeconds(1), 0), new DowntimeStep(TimeSpan.FromSeconds(1), 20)],
            ThrottleInitialPercent = 0,
            MaxBandwidthBytesPerSecond = -1,
            Timeout = TimeSpan.Zero,
        };

        var errors = policy.Validate();

        errors.ShouldContain(e => e.StartsWith("downtimeSchedule[0].after", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("downtimeSchedule[0].limitMilliseconds", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("downtimeSchedule[1].after", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("throttleInitialPercent", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("maxBandwidthBytesPerSecond", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("timeout", StringComparison.Ordinal));
        (MigrationPolicy.Default with { DowntimeSchedule = [] }).Validate().ShouldHaveSingleItem().ShouldStartWith("downtimeSchedule");
    }

    [Fact]
    public void EstimateEta_StreamFasterThanDirtying_RemainingOverTheGain() =>
        MigrationProgress.EstimateEta(100 << 20, 150 << 20, 50 << 20).ShouldBe(TimeSpan.FromSeconds(1));

    [Fact]
    public void EstimateEta_DirtyingAsFastAsTheStream_Unknown()
    {
        MigrationProgress.EstimateEta(100 << 20, 50 << 20, 50 << 20).ShouldBeNull();
        MigrationProgress.EstimateEta(100 << 20, 0, 0).ShouldBeNull();
        MigrationProgress.EstimateEta(0, 0, 0).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void StateMachine_Migration_SourceStaysRunningDestinationOnlyCompletesOrIsDestroyed()
    {
        VmStateMachine.Next(VmState.Running, VmOperation.Migrate).ShouldBe(VmState.Running);
        VmStateMachine.IsAllowed(VmState.Paused, VmOperation.Migrate).ShouldBeFalse();
        VmStateMachine.Next(VmState.Defined, VmOperation.PrepareIncoming).ShouldBe(VmState.Incoming);
        VmStateMachine.AllowedFrom(VmState.Incoming).ShouldBe([VmOperation.Destroy, VmOperation.CompleteIncoming], ignoreOrder: true);
        VmStateMachine.Observe(VmState.Incoming, VmEventKind.Crashed).ShouldBe(VmState.Crashed);
    }
}
