using Nines.ControlPlane.Availability;

namespace Nines.ControlPlane.Embedded;

/// <summary>The availability manager of the embedded host: fed by the driver's events, acting through the local agent.</summary>
public sealed partial class EmbeddedHost
{
    private Task _availabilityTask = Task.CompletedTask;

    /// <summary>The availability manager: one engine per redundancy group of every running deployment.</summary>
    public AvailabilityManager Availability { get; private set; } = null!;

    /// <summary>Starts the manager; its monitor subscribes to the driver's events before this returns.</summary>
    private void StartAvailability(Drivers.Mapping.VmMappingOptions mapping)
    {
        Availability = new AvailabilityManager(
            Deployments,
            Events,
            Store,
            host => host == _options.HostName ? Agent : null,
            _options.Availability,
            _options.TimeProvider,
            mapping,
            _options.LoggerFactory);
        _availabilityTask = Availability.RunAsync(Driver, _stop.Token);
    }

    private async Task StopAvailabilityAsync()
    {
        try
        {
            await _availabilityTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }
    }
}
