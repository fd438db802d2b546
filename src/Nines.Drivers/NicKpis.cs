namespace Nines.Drivers;

/// <summary>Cumulative counters of one NIC, from the guest's point of view (received = into the guest).</summary>
public sealed record NicKpis(int NicId, long ReceivedBytes, long TransmittedBytes, long ReceivedPackets, long TransmittedPackets);
