namespace Nines.Controller.AvailabilityShell;

/// <summary>
/// Starts a unit's application once its VM runs (the service that follows its HA state). The default runs the
/// scenario's <c>start</c> command sequence on the VM when it has one; a host can plug in its own.
/// </summary>
public interface IUnitLauncher
{
    /// <summary>Starts the application of <paramref name="unit"/>; an exception keeps the unit out of service.</summary>
    Task LaunchAsync(UnitLaunch unit, CancellationToken cancellationToken);
}
