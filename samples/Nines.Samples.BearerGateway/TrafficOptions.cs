using System.Net;

namespace Nines.Samples.BearerGateway;

/// <summary>What the traffic generator sends.</summary>
/// <param name="Bearers">Bearers to open (TEIDs <paramref name="FirstTeid"/>…).</param>
/// <param name="PacketsPerSecond">Data packets per second, both directions together (uplink and downlink alternate).</param>
/// <param name="Duration">How long the stream runs.</param>
/// <param name="GatewayUeSide">Where creates and uplink go (the steering point's UE-side port).</param>
/// <param name="GatewayServerSide">Where downlink goes (the steering point's server-side port).</param>
/// <param name="PayloadBytes">Payload after the 17-byte data header.</param>
/// <param name="FirstTeid">The first bearer's TEID.</param>
internal sealed record TrafficOptions(
    int Bearers,
    int PacketsPerSecond,
    TimeSpan Duration,
    IPEndPoint GatewayUeSide,
    IPEndPoint GatewayServerSide,
    int PayloadBytes = 64,
    uint FirstTeid = 1);

/// <summary>What the receivers saw, per direction and in all.</summary>
/// <param name="Sent">Data packets sent.</param>
/// <param name="Received">Data packets received (each sequence number once).</param>
/// <param name="Duplicates">Packets received again.</param>
/// <param name="Reordered">Packets that arrived after a later one of the same bearer and direction.</param>
/// <param name="LargestGap">Longest time between two consecutive arrivals of the whole stream, either direction.</param>
/// <param name="LargestBearerGap">Longest time between two arrivals of one bearer in one direction.</param>
/// <param name="MaxLatency">Longest time from send to arrival.</param>
/// <param name="BearersMissingTraffic">Bearers with a direction that lost a packet.</param>
internal sealed record TrafficReport(
    long Sent,
    long Received,
    long Duplicates,
    long Reordered,
    TimeSpan LargestGap,
    TimeSpan LargestBearerGap,
    TimeSpan MaxLatency,
    int BearersMissingTraffic)
{
    public long Lost => Sent - Received;

    /// <summary>Data packets sent per bearer index and direction (0 uplink, 1 downlink).</summary>
    public required long[][] SentPerBearer { get; init; }
}
