namespace Nines.Availability.Engine;

/// <summary>
/// Carries out the engine's steps (the "apply" of observe → decide → apply): the host agent fences, restarts and
/// instantiates through the drivers and publishes HA states to the store. It reports back through the engine's
/// lifecycle calls (<see cref="AvailabilityEngine.UnitFenced"/>, <see cref="AvailabilityEngine.UnitReady"/>,
/// <see cref="AvailabilityEngine.QuiesceCompleted"/>), never by changing the group itself.
/// </summary>
public interface IRecoveryApplier
{
    /// <summary>Carries out <paramref name="step"/>. Steps of one outcome must be applied in order.</summary>
    Task ApplyAsync(AvailabilityStep step, CancellationToken cancellationToken = default);
}
