using Nines.Agent.Guard;
using Nines.Testing;

namespace Nines.Agent.Tests.Guard;

public sealed class FenceGuardPolicyTests
{
    private const long Lease = 0x51;
    private const int Agent = 4242;
    private static readonly TimeSpan _ttl = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan _margin = TimeSpan.FromMilliseconds(500);
    private static readonly FenceGuardOptions _options = new();

    private readonly FakeTimeProvider _time = new();
    private readonly long _start;
    private readonly FenceGuardPolicy _policy = new(_options);

    public FenceGuardPolicyTests() => _start = _time.GetTimestamp();

    private TimeSpan Now => _time.GetElapsedTime(_start);

    [Fact]
    public void Decide_AgentHealthyAndRenewalsConfirmed_NothingToDo()
    {
        for (var i = 0; i < 20; i++)
        {
            _policy.OnRenewed(Lease, Now);
            var decision = Tick(alive: true, healthy: true);
            decision.ShouldBe(GuardDecision.Nothing with { Reason = decision.Reason });
            decision.FenceVms.ShouldBeFalse();
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public void Decide_AgentKilledWhileStoreAnswers_RestartsItKeepsLeaseAndNeverFences()
    {
        Healthy();
        var restarts = 0;
        for (var i = 0; i < 100; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            _policy.OnRenewed(Lease, Now); // the guard keeps the lease alive on its own
            var decision = Tick(alive: false, healthy: false);
            decision.FenceVms.ShouldBeFalse("the host and the store are fine: the VMs stay");
            decision.RenewLease.ShouldBeTrue();
            restarts += decision.RestartAgent ? 1 : 0;
        }

        restarts.ShouldBeGreaterThan(1, "a failed restart is retried");
        restarts.ShouldBeLessThan(10, "with backoff, not at every tick");
    }

    [Fact]
    public void Decide_FirstTickAfterAgentDied_RestartsAtOnceThenBacksOff()
    {
        Healthy();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Tick(alive: false, healthy: false).RestartAgent.ShouldBeTrue();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Tick(alive: false, healthy: false).RestartAgent.ShouldBeFalse("the first backoff is 0.5 s");
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Tick(alive: false, healthy: false).RestartAgent.ShouldBeTrue();
    }

    [Fact]
    public void Decide_AgentStopsAnswering_KilledAfterHungAfterAndVmsKept()
    {
        Healthy();
        var killedAt = (TimeSpan?)null;
        while (killedAt is null && Now < TimeSpan.FromSeconds(30))
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            _policy.OnRenewed(Lease, Now);
            var decision = Tick(alive: true, healthy: false);
            decision.FenceVms.ShouldBeFalse();
            if (decision.KillAgent)
            {
                killedAt = Now;
                decision.Reason.ShouldNotBeNull().ShouldContain($"pid {Agent}");
            }
        }

        killedAt.ShouldNotBeNull();
        killedAt.Value.ShouldBeGreaterThanOrEqualTo(_options.HungAfter);
        killedAt.Value.ShouldBeLessThan(_options.HungAfter + TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Decide_NewAgentStarting_GetsStartTimeoutBeforeItCountsAsHung()
    {
        Healthy();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Tick(alive: false, healthy: false).RestartAgent.ShouldBeTrue();
        _time.Advance(_options.HungAfter * 3);
        _policy.OnRenewed(Lease, Now);
        Tick(alive: true, healthy: false, pid: Agent + 1).KillAgent.ShouldBeFalse("a new agent is starting");
        _time.Advance(_options.StartTimeout);
        _policy.OnRenewed(Lease, Now);
        Tick(alive: true, healthy: false, pid: Agent + 1).KillAgent.ShouldBeTrue();
    }

    [Fact]
    public void Decide_StoreUnreachable_FencesBeforeTtlMinusMarginAfterTheLastConfirmedSend()
    {
        Healthy();
        var lastSent = Now;
        _policy.OnRenewed(Lease, lastSent);
        TimeSpan? fencedAt = null;
        while (fencedAt is null && Now < TimeSpan.FromSeconds(10))
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            if (Tick(alive: true, healthy: true).FenceVms)
            {
                fencedAt = Now;
            }
        }

        fencedAt.ShouldNotBeNull();
        (fencedAt.Value - lastSent).ShouldBeLessThanOrEqualTo(_ttl - _margin);
        (fencedAt.Value - lastSent).ShouldBeGreaterThanOrEqualTo(_ttl - _margin - TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Decide_FencedThenOldLeaseRenewedAgain_StaysFencedUntilANewRegistration()
    {
        Healthy();
        _time.Advance(_ttl);
        Tick(alive: true, healthy: true).FenceVms.ShouldBeTrue();

        // The store answers again, but this lease's deadline passed: only a new registration lets VMs run here.
        _policy.OnRenewed(Lease, Now);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Tick(alive: true, healthy: true).FenceVms.ShouldBeTrue("every VM process that appears is killed again");

        Tick(alive: true, healthy: true, lease: Lease + 1).FenceVms.ShouldBeTrue("a new lease the guard has not seen confirmed yet");
        _policy.OnRenewed(Lease + 1, Now);
        var decision = Tick(alive: true, healthy: true, lease: Lease + 1);
        decision.FenceVms.ShouldBeFalse();
        decision.Reason.ShouldNotBeNull().ShouldContain("registered again");
        _policy.Fenced.ShouldBeFalse();
    }

    [Fact]
    public void OnLeaseGone_CurrentLease_FencesAtOnce()
    {
        Healthy();
        _policy.OnLeaseGone(Lease, Now);
        var decision = Tick(alive: true, healthy: true);
        decision.FenceVms.ShouldBeTrue();
        decision.Reason.ShouldNotBeNull().ShouldContain("expired");
    }

    [Fact]
    public void OnLeaseGone_OldLease_Ignored()
    {
        Healthy();
        Tick(alive: true, healthy: true, lease: Lease + 1);
        _policy.OnRenewed(Lease + 1, Now);
        _policy.OnLeaseGone(Lease, Now);
        Tick(alive: true, healthy: true, lease: Lease + 1).FenceVms.ShouldBeFalse();
    }

    [Fact]
    public void Decide_NoWorkingAgentForGiveUpAfter_FencesFirstThenLetsTheLeaseGo()
    {
        Healthy();
        GuardDecision? gaveUp = null;
        while (gaveUp is null && Now < _options.GiveUpAfter * 2)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            _policy.OnRenewed(Lease, Now);
            var decision = Tick(alive: false, healthy: false);
            if (!decision.RenewLease)
            {
                gaveUp = decision;
            }
            else
            {
                decision.FenceVms.ShouldBeFalse("before giving up the VMs stay");
            }
        }

        gaveUp.ShouldNotBeNull();
        gaveUp.FenceVms.ShouldBeTrue("the VMs die in the same decision that lets the lease go, and the guard kills them first");
        Now.ShouldBeGreaterThanOrEqualTo(_options.GiveUpAfter);
        _policy.Released.ShouldBeTrue();
    }

    [Fact]
    public void Decide_NewLeaseSeenWhileRenewalsStalled_DeadlineCountsFromItsGrantNotLater()
    {
        Healthy();
        _time.Advance(TimeSpan.FromSeconds(2));
        Tick(alive: true, healthy: true, lease: Lease + 1).FenceVms.ShouldBeFalse();
        _time.Advance(TimeSpan.FromMilliseconds(600));
        Tick(alive: true, healthy: true, lease: Lease + 1).FenceVms.ShouldBeTrue("the old lease's last confirmation still bounds the deadline");
    }

    private void Healthy()
    {
        _policy.OnRenewed(Lease, Now);
        Tick(alive: true, healthy: true);
        _policy.OnRenewed(Lease, Now);
    }

    private GuardDecision Tick(bool alive, bool healthy, long lease = Lease, int pid = Agent) =>
        _policy.Decide(new GuardObservation(Now, lease, _ttl, _margin, pid, alive, healthy));
}
