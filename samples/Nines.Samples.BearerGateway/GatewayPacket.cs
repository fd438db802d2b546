using System.Buffers.Binary;
using System.Net;

namespace Nines.Samples.BearerGateway;

/// <summary>The gateway's datagrams (big-endian), a much simplified GTP-U.</summary>
internal enum GatewayPacketType : byte
{
    /// <summary>UE side: <c>1 | teid u32 | imsi u64 | ue IPv4 (4) | ue port u16 | qci u8</c> (20 bytes): open (or refresh) a bearer.</summary>
    CreateSession = 1,

    /// <summary>To the UE: <c>2 | teid u32</c>: the bearer exists.</summary>
    CreateAck = 2,

    /// <summary>Either side: <c>3 | teid u32 | seq u32 | sent timestamp i64 | payload</c> (at least 17 bytes).</summary>
    Data = 3,
}

/// <summary>Reads and writes <see cref="GatewayPacketType"/> datagrams.</summary>
internal static class GatewayPacket
{
    public const int CreateLength = 20;
    public const int AckLength = 5;
    public const int DataHeaderLength = 17;

    public static int WriteCreate(Span<byte> destination, uint teid, ulong imsi, IPEndPoint ue, byte qci)
    {
        destination[0] = (byte)GatewayPacketType.CreateSession;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], teid);
        BinaryPrimitives.WriteUInt64BigEndian(destination[5..], imsi);
        if (!ue.Address.TryWriteBytes(destination.Slice(13, 4), out var written) || written != 4)
        {
            throw new ArgumentException($"the UE endpoint {ue} is not IPv4", nameof(ue));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[17..], (ushort)ue.Port);
        destination[19] = qci;
        return CreateLength;
    }

    public static bool TryReadCreate(ReadOnlySpan<byte> packet, out uint teid, out ulong imsi, out IPEndPoint ue, out byte qci)
    {
        teid = 0;
        imsi = 0;
        ue = new IPEndPoint(IPAddress.Any, 0);
        qci = 0;
        if (packet.Length != CreateLength || packet[0] != (byte)GatewayPacketType.CreateSession)
        {
            return false;
        }

        teid = BinaryPrimitives.ReadUInt32BigEndian(packet[1..]);
        imsi = BinaryPrimitives.ReadUInt64BigEndian(packet[5..]);
        ue = new IPEndPoint(new IPAddress(packet.Slice(13, 4)), BinaryPrimitives.ReadUInt16BigEndian(packet[17..]));
        qci = packet[19];
        return true;
    }

    public static int WriteAck(Span<byte> destination, uint teid)
    {
        destination[0] = (byte)GatewayPacketType.CreateAck;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], teid);
        return AckLength;
    }

    public static bool TryReadAck(ReadOnlySpan<byte> packet, out uint teid)
    {
        teid = 0;
        if (packet.Length != AckLength || packet[0] != (byte)GatewayPacketType.CreateAck)
        {
            return false;
        }

        teid = BinaryPrimitives.ReadUInt32BigEndian(packet[1..]);
        return true;
    }

    /// <summary>Writes a data header; the rest of <paramref name="destination"/> is the payload.</summary>
    public static void WriteData(Span<byte> destination, uint teid, uint sequence, long sentTimestamp)
    {
        destination[0] = (byte)GatewayPacketType.Data;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], teid);
        BinaryPrimitives.WriteUInt32BigEndian(destination[5..], sequence);
        BinaryPrimitives.WriteInt64BigEndian(destination[9..], sentTimestamp);
    }

    public static bool TryReadData(ReadOnlySpan<byte> packet, out uint teid, out uint sequence, out long sentTimestamp)
    {
        teid = 0;
        sequence = 0;
        sentTimestamp = 0;
        if (packet.Length < DataHeaderLength || packet[0] != (byte)GatewayPacketType.Data)
        {
            return false;
        }

        teid = BinaryPrimitives.ReadUInt32BigEndian(packet[1..]);
        sequence = BinaryPrimitives.ReadUInt32BigEndian(packet[5..]);
        sentTimestamp = BinaryPrimitives.ReadInt64BigEndian(packet[9..]);
        return true;
    }
}
