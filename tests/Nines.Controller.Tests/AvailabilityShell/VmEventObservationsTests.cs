using Nines.Availability.Recovery;
using Nines.Controller.AvailabilityShell;
using Nines.Drivers;

namespace Nines.Controller.Tests.AvailabilityShell;

public sealed class VmEventObservationsTests
{
    private static readonly DateTimeOffset _at = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(VmEventKind.Crashed, VmExitKind.Killed, HealthSignal.ProcessExited)]
    [InlineData(VmEventKind.Crashed, VmExitKind.Exited, HealthSignal.ProcessExited)]
    [InlineData(VmEventKind.Crashed, VmExitKind.OutOfMemory, HealthSignal.OutOfMemory)]
    [InlineData(VmEventKind.Crashed, VmExitKind.Watchdog, HealthSignal.ProcessExited)]
    [InlineData(VmEventKind.Stopped, VmExitKind.GuestShutdown, HealthSignal.GuestShutdown)]
    [InlineData(VmEventKind.Stopped, VmExitKind.Destroyed, HealthSignal.ProcessExited)]
    public void ToObservation_ProcessEnded_IsADeadSignal(VmEventKind kind, VmExitKind exit, HealthSignal expected)
    {
        var observation = VmEventObservations.ToObservation(new VmEvent("t.d.a", kind, _at, new VmExitReason(exit, "gone")), "a", _at);

        observation.ShouldNotBeNull().Signal.ShouldBe(expected);
        observation.Unit.ShouldBe("a");
        observation.ProvesDead.ShouldBeTrue();
        observation.Detail.ShouldBe("gone");
    }

    [Theory]
    [InlineData(VmEventKind.GuestPanicked, HealthSignal.GuestPanicked)]
    [InlineData(VmEventKind.WatchdogFired, HealthSignal.WatchdogFired)]
    [InlineData(VmEventKind.HeartbeatLost, HealthSignal.HeartbeatLost)]
    public void ToObservation_ProcessMayLive_NeedsAFence(VmEventKind kind, HealthSignal expected)
    {
        var observation = VmEventObservations.ToObservation(new VmEvent("t.d.a", kind, _at), "a", _at);

        observation.ShouldNotBeNull().Signal.ShouldBe(expected);
        observation.ProvesDead.ShouldBeFalse();
    }

    [Theory]
    [InlineData(VmEventKind.Started)]
    [InlineData(VmEventKind.GuestReady)]
    [InlineData(VmEventKind.Reset)]
    [InlineData(VmEventKind.HeartbeatRestored)]
    [InlineData(VmEventKind.Removed)]
    public void ToObservation_NoFailure_IsNull(VmEventKind kind) =>
        VmEventObservations.ToObservation(new VmEvent("t.d.a", kind, _at), "a", _at).ShouldBeNull();
}
