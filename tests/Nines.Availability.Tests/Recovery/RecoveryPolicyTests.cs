using Nines.Availability.Model;
using Nines.Availability.Recovery;

namespace Nines.Availability.Tests.Recovery;

public sealed class RecoveryPolicyTests
{
    private static readonly ServiceUnit _unit = new("a", "h1", 0);
    private static readonly DateTimeOffset _now = Groups.T0.AddHours(5);

    [Fact]
    public void Decide_ProcessExitedWithDefaults_RestartsWithoutFencing()
    {
        var decision = Decide(HealthSignal.ProcessExited, RecoveryConfig.Default, []);

        decision.Action.ShouldBe(RecoveryAction.Restart);
        decision.FenceFirst.ShouldBeFalse();
        decision.EscalatedFrom.ShouldBeNull();
        decision.Reason.ShouldContain("unit a: process exited (signal 9): configured action Restart");
    }

    [Theory]
    [InlineData(HealthSignal.HeartbeatLost)]
    [InlineData(HealthSignal.GuestPanicked)]
    [InlineData(HealthSignal.WatchdogFired)]
    [InlineData(HealthSignal.HealthCommandFailed)]
    public void Decide_UnitMayStillRun_FencesFirst(HealthSignal signal)
    {
        var decision = Decide(signal, RecoveryConfig.Default, []);

        decision.FenceFirst.ShouldBeTrue();
        decision.Reason.ShouldContain("fenced before its work moves");
    }

    [Fact]
    public void Decide_RestartsWithinProbationReachMax_EscalatesToFailover()
    {
        var config = new RecoveryConfig(RestartMax: 2, RestartProbation: TimeSpan.FromMinutes(10));
        RecoveryRecord[] history = [Restart("a", 9), Restart("a", 1)];

        var decision = Decide(HealthSignal.ProcessExited, config, history);

        decision.Action.ShouldBe(RecoveryAction.Failover);
        decision.EscalatedFrom.ShouldBe(RecoveryAction.Restart);
        decision.Reason.ShouldContain("2 restarts within 00:10:00 reach the limit of 2: escalate to failover");
    }

    [Fact]
    public void Decide_RestartsOutsideProbationOrOfOtherUnits_DoNotCount()
    {
        var config = new RecoveryConfig(RestartMax: 2, RestartProbation: TimeSpan.FromMinutes(10));
        RecoveryRecord[] history = [Restart("a", 11), Restart("b", 1), Restart("a", 2)];

        Decide(HealthSignal.ProcessExited, config, history).Action.ShouldBe(RecoveryAction.Restart);
    }

    [Fact]
    public void Decide_FailoversOffTheHostWithinProbationReachMax_EscalatesToHostFailover()
    {
        var config = new RecoveryConfig(OnFailure: RecoveryAction.Failover, FailoverMax: 1, FailoverProbation: TimeSpan.FromHours(1));
        RecoveryRecord[] history = [new("old", "h1", RecoveryAction.Failover, _now.AddMinutes(-30))];

        var decision = Decide(HealthSignal.OutOfMemory, config, history);

        decision.Action.ShouldBe(RecoveryAction.HostFailover);
        decision.EscalatedFrom.ShouldBe(RecoveryAction.Failover);
    }

    [Fact]
    public void Decide_RestartLimitThenFailoverLimit_EscalatesTwoLevelsFromRestart()
    {
        var config = new RecoveryConfig(RestartMax: 1, FailoverMax: 1);
        RecoveryRecord[] history = [Restart("a", 1), new("old", "h1", RecoveryAction.Failover, _now.AddMinutes(-2))];

        var decision = Decide(HealthSignal.ProcessExited, config, history);

        decision.Action.ShouldBe(RecoveryAction.HostFailover);
        decision.EscalatedFrom.ShouldBe(RecoveryAction.Restart);
    }

    [Fact]
    public void Decide_FailoversOnOtherHosts_DoNotCount()
    {
        var config = new RecoveryConfig(OnFailure: RecoveryAction.Failover, FailoverMax: 1);

        Decide(HealthSignal.ProcessExited, config, [new("old", "h2", RecoveryAction.Failover, _now.AddMinutes(-1))])
            .Action.ShouldBe(RecoveryAction.Failover);
    }

    [Fact]
    public void Decide_PerSignalOverride_NotifiesOnlyAndNeverEscalates()
    {
        var config = new RecoveryConfig(RestartMax: 0, PerSignal: [new SignalRecovery(HealthSignal.HealthCommandFailed, RecoveryAction.NotifyOnly)]);

        var decision = Decide(HealthSignal.HealthCommandFailed, config, []);

        decision.Action.ShouldBe(RecoveryAction.NotifyOnly);
        decision.FenceFirst.ShouldBeFalse();
    }

    [Fact]
    public void Decide_MigrateForDeadUnit_RestartsInstead()
    {
        var config = new RecoveryConfig(OnFailure: RecoveryAction.Migrate);

        Decide(HealthSignal.HeartbeatLost, config, []).Action.ShouldBe(RecoveryAction.Migrate);
        var dead = Decide(HealthSignal.ProcessExited, config, []);
        dead.Action.ShouldBe(RecoveryAction.Restart);
        dead.Reason.ShouldContain("a dead unit cannot migrate");
    }

    private static RecoveryRecord Restart(string unit, int minutesAgo) => new(unit, "h1", RecoveryAction.Restart, _now.AddMinutes(-minutesAgo));

    private static RecoveryDecision Decide(HealthSignal signal, RecoveryConfig config, RecoveryRecord[] history) =>
        RecoveryPolicy.Decide("svc", _unit, new HealthObservation("a", signal, _now, signal == HealthSignal.ProcessExited ? "signal 9" : null), config, history);
}
