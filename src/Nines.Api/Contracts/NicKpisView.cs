namespace Nines.Api.Contracts;

/// <summary>Cumulative counters of one NIC (received = into the guest).</summary>
public sealed record NicKpisView(int NicId, long ReceivedBytes, long TransmittedBytes, long ReceivedPackets, long TransmittedPackets);
