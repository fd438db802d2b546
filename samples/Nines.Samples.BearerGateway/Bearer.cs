using System.Net;

namespace Nines.Samples.BearerGateway;

/// <summary>One subscriber's session: who, where the UE is, and its counters (the state that must survive a move).</summary>
internal sealed class Bearer
{
    public required uint Teid { get; init; }

    public required ulong Imsi { get; init; }

    public required IPEndPoint UeEndpoint { get; set; }

    public required byte Qci { get; init; }

    /// <summary>When the bearer was created (Unix milliseconds).</summary>
    public required long CreatedAtUnixMs { get; init; }

    public ulong UplinkPackets { get; set; }

    public ulong UplinkBytes { get; set; }

    public ulong DownlinkPackets { get; set; }

    public ulong DownlinkBytes { get; set; }

    public uint LastUplinkSequence { get; set; }

    public uint LastDownlinkSequence { get; set; }

    /// <summary>The table's generation at this bearer's last change (what a delta export selects by).</summary>
    public ulong ChangedAt { get; set; }

    public Bearer Copy() => (Bearer)MemberwiseClone();
}
