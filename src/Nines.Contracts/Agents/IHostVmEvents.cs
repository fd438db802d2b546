using Nines.Drivers;

namespace Nines.Contracts.Agents;

/// <summary>
/// A host's VM events as its driver reports them (process exits, QMP events, heartbeat loss): what the availability
/// manager of a cluster controller watches on every host, as the embedded one watches its own driver.
/// </summary>
public interface IHostVmEvents
{
    /// <summary>
    /// The events from now on, until cancelled or the link to the host breaks (then the enumeration throws: the
    /// caller subscribes again). Events are not replayed: a subscriber sees only what happens while it listens.
    /// </summary>
    IAsyncEnumerable<VmEvent> WatchVmEventsAsync(CancellationToken cancellationToken);
}
