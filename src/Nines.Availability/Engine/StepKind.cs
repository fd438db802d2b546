namespace Nines.Availability.Engine;

/// <summary>What an applier must do for one step of the engine's outcome.</summary>
public enum StepKind
{
    /// <summary>Kill the unit's process for sure (it may be hung); report it with <see cref="AvailabilityEngine.UnitFenced"/>.</summary>
    Fence,

    /// <summary>Start the unit again on its host; report it with <see cref="AvailabilityEngine.UnitReady"/>.</summary>
    Restart,

    /// <summary>Reset the guest in place; report it with <see cref="AvailabilityEngine.UnitReady"/>.</summary>
    Reset,

    /// <summary>Live-migrate the unit to another host.</summary>
    Migrate,

    /// <summary>Remove the given-up unit (after a failover) from its host.</summary>
    Destroy,

    /// <summary>Fence a whole host (power it off or kill every unit of the group there); report with <see cref="AvailabilityEngine.HostFenced"/>.</summary>
    FenceHost,

    /// <summary>Create a new unit (<see cref="AvailabilityStep.Request"/>); report it with <see cref="AvailabilityEngine.UnitReady"/>.</summary>
    Instantiate,

    /// <summary>Tell the unit its new HA state for the instance (publish it where the service reads it).</summary>
    SetHaState,

    /// <summary>Nothing to do but tell people.</summary>
    Notify,
}
