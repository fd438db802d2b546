using Nines.Controller.AvailabilityShell;

namespace Nines.Embedded;

/// <summary>The availability manager of the embedded host: fed by the driver's events, acting through the local agent.</summary>
public sealed partial class EmbeddedHost
{
    private Task _availabilityTask = Task.CompletedTask;

    private AvailabilityManager _availability = null!;

    /// <summary>
    /// The availability manager: one engine per redundancy group of every running deployment. Supervised as the loop
    /// <c>availability</c>: a manager whose run failed is replaced by a new one (its groups are built again from the
    /// running deployments), so read this property again rather than keep the instance.
    /// </summary>
    public AvailabilityManager Availability => Volatile.Read(ref _availability);

    /// <summary>Starts the manager; its monitor subscribes to the driver's events before this returns.</summary>
    private void StartAvailability(Drivers.Mapping.VmMappingOptions mapping)
    {
        var next = NewAvailabilityManager(mapping);
        Volatile.Write(ref _availability, next);
        _availabilityTask = _supervisor!.RunAsync(
            "availability",
            ct =>
            {
                // The first run uses the manager made above; a restart makes a new one (the failed one's groups are done).
                var manager = Interlocked.Exchange(ref next, null!) ?? NewAvailabilityManager(mapping);
                Volatile.Write(ref _availability, manager);
                return manager.RunAsync(Driver, ct);
            },
            _stop.Token);
    }

    private AvailabilityManager NewAvailabilityManager(Drivers.Mapping.VmMappingOptions mapping) => new(
        Deployments,
        Events,
        Store,
        host => host == _options.HostName ? Agent : null,
        _options.Availability,
        _options.TimeProvider,
        mapping,
        _options.LoggerFactory);

    private async Task StopAvailabilityAsync()
    {
        try
        {
            await _availabilityTask.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Asked to stop; a failure for good has faulted Completion already.
        }
    }
}
