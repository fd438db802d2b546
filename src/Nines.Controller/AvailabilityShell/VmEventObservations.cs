using Nines.Availability.Recovery;
using Nines.Drivers;

namespace Nines.Controller.AvailabilityShell;

/// <summary>
/// The monitor's translation (pure): a driver event about a unit's VM becomes the health observation the engine
/// decides on, or nothing when the event is not a failure (started, ready, paused, reset…).
/// </summary>
public static class VmEventObservations
{
    /// <summary>The observation of <paramref name="vmEvent"/> for unit <paramref name="unit"/>, seen at <paramref name="at"/>; null when it is no failure.</summary>
    public static HealthObservation? ToObservation(VmEvent vmEvent, string unit, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(vmEvent);
        var detail = vmEvent.Reason?.Message ?? vmEvent.Detail;
        HealthSignal? signal = vmEvent.Kind switch
        {
            VmEventKind.Crashed => vmEvent.Reason?.Kind == VmExitKind.OutOfMemory ? HealthSignal.OutOfMemory : HealthSignal.ProcessExited,

            // A stop nobody in the availability manager asked for (the guest powered off, an operator destroyed it):
            // the process is gone all the same. A unit the manager fenced is already disabled, so this only proves it dead.
            VmEventKind.Stopped => vmEvent.Reason?.Kind == VmExitKind.GuestShutdown ? HealthSignal.GuestShutdown : HealthSignal.ProcessExited,
            VmEventKind.GuestPanicked => HealthSignal.GuestPanicked,
            VmEventKind.WatchdogFired => HealthSignal.WatchdogFired,
            VmEventKind.HeartbeatLost => HealthSignal.HeartbeatLost,
            _ => null,
        };
        return signal is { } s ? new HealthObservation(unit, s, at, detail) : null;
    }
}
